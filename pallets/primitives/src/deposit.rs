//! Giving back a deposit held through `fungible::hold`: the one way every pallet does it.
//!
//! Both functions release as much of the deposit as is still held (`Precision::BestEffort`), so
//! an item stays removable even were part of its deposit gone. They differ in what a failed
//! release, which the currency reports only when it cannot credit the account, does to the
//! caller:
//!
//! - [`release_deposit`]: the item goes anyway. For removals that must always succeed (a grant
//!   revoked, a record erased, a container emptied); a failure is a bug, reported with
//!   `defensive!`. A zero deposit is not released at all, so no hold event of nothing is
//!   emitted.
//! - [`try_release_deposit`]: the caller fails with the currency's error and its changes are
//!   rolled back. Used by the pallets whose removals always asked the currency this way
//!   (organizations and key-directory); a zero deposit goes to the currency like any other.

use frame_support::{
	defensive,
	traits::{
		fungible::{Inspect, InspectHold, MutateHold},
		tokens::Precision,
	},
};
use sp_runtime::{traits::Zero, DispatchError};

/// The balance type of `Currency`.
type BalanceOf<Currency, AccountId> = <Currency as Inspect<AccountId>>::Balance;
/// The hold reason type of `Currency`.
type ReasonOf<Currency, AccountId> = <Currency as InspectHold<AccountId>>::Reason;

/// Releases up to `amount` held from `who` for `reason`, and returns what was released. The
/// caller's removal goes on whatever happens: a release that fails is reported with
/// `defensive!` and counts as nothing released. A zero `amount` releases nothing.
pub fn release_deposit<AccountId, Currency: MutateHold<AccountId>>(
	reason: &ReasonOf<Currency, AccountId>,
	who: &AccountId,
	amount: BalanceOf<Currency, AccountId>,
) -> BalanceOf<Currency, AccountId> {
	if amount.is_zero() {
		return amount;
	}
	Currency::release(reason, who, amount, Precision::BestEffort).unwrap_or_else(|error| {
		// Only the pallet that held the deposit releases under its reason, and it releases each
		// deposit once, so this cannot fail; should it, the item still goes.
		defensive!(error, "a deposit held by this pallet is released");
		Zero::zero()
	})
}

/// Releases up to `amount` held from `who` for `reason`, and returns what was released; fails
/// with the currency's error when the release fails, so that the caller's changes are rolled
/// back.
pub fn try_release_deposit<AccountId, Currency: MutateHold<AccountId>>(
	reason: &ReasonOf<Currency, AccountId>,
	who: &AccountId,
	amount: BalanceOf<Currency, AccountId>,
) -> Result<BalanceOf<Currency, AccountId>, DispatchError> {
	Currency::release(reason, who, amount, Precision::BestEffort)
}
