//! Storage invariants, checked by `try_state` and after every test.

use crate::*;
use frame_support::{ensure, traits::fungible::InspectHold};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// The storage invariants: every published key is valid and has a version of at least 1, a
	/// block no later than now, and its deposit on hold from its account.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let now: BlockNumberFor<T> = frame_system::Pallet::<T>::block_number();
		for (who, entry) in Keys::<T>::iter() {
			ensure!(is_valid_key(&entry.key), "a published key is not a valid X25519 key");
			ensure!(entry.version >= 1, "a published key has version 0");
			ensure!(entry.since <= now, "a published key is from a future block");
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::KeyDeposit.into(), &who) >= entry.deposit,
				"an account holds less than its key deposit"
			);
		}
		Ok(())
	}
}
