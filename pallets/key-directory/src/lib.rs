//! # Key directory pallet
//!
//! Each account's published X25519 encryption key, to which wallets seal record keys.
//!
//! ## Overview
//!
//! A record's blob is encrypted off chain with a random data key. To give a grantee that key,
//! the patient's wallet seals it with HPKE (RFC 9180, DHKEM(X25519, HKDF-SHA256)) to the
//! grantee's X25519 public key and attaches the result to the record (`records.attach_key`).
//! This pallet is where the grantee's public key comes from: an account publishes its key with
//! [`Pallet::publish_key`], replaces it the same way, and withdraws it with
//! [`Pallet::remove_key`]; clients read it with the [`Pallet::key_of`] view function or the
//! `KeyDirectoryApi` runtime API.
//!
//! A public encryption key is not a health fact: it says nothing about the account's health,
//! records or relationships, so it is stored and readable in the clear. The events name the
//! account and the version only; the key itself is in storage.
//!
//! ## Terminology
//!
//! - **Published key** ([`PublishedKey`]): the key, its version, the block it was published in
//!   and the deposit held for it.
//! - **Version**: 1 for an account's first key, one more on each replacement, back to 1 after a
//!   removal. A wallet that sealed a record key to version `n` sees from a higher version that
//!   the grantee has a new key (e.g. after losing the old one) and can seal again.
//! - **Valid key**: the canonical encoding of an X25519 u-coordinate (below 2^255 − 19; the
//!   top bit clear), and not one of the small-order points (0, 1, the two points of order 8,
//!   p − 1: [`SMALL_ORDER_POINTS`]). A Diffie-Hellman with a small-order point gives a shared
//!   secret that does not depend on the private key, so anything sealed to such a "key" could
//!   be opened by anyone. The all-zero key is such a point.
//!
//! ## Calls
//!
//! By any signed account, for itself only:
//! - [`Pallet::publish_key`]: publish or replace the caller's key.
//! - [`Pallet::remove_key`]: withdraw it; the deposit is released.
//!
//! Nobody may publish or remove a key for another account, not even Root: a key published for
//! someone else would receive what is sealed to them.
//!
//! ## Deposits
//!
//! The first publication holds [`Config::KeyDeposit`] from the caller
//! ([`HoldReason::KeyDeposit`]) for the storage entry; the held amount is recorded in the entry.
//! Replacing the key keeps the same deposit on hold. [`Pallet::remove_key`] releases it.
//!
//! ## Example
//!
//! From the tests: Alice publishes a key, replaces it, and withdraws it.
//!
//! ```ignore
//! assert_ok!(KeyDirectory::publish_key(RuntimeOrigin::signed(ALICE), KEY_A));
//! assert_eq!(KeyDirectory::key_of(ALICE).map(|k| (k.key, k.version)), Some((KEY_A, 1)));
//! assert_ok!(KeyDirectory::publish_key(RuntimeOrigin::signed(ALICE), KEY_B));
//! assert_eq!(KeyDirectory::key_of(ALICE).map(|k| (k.key, k.version)), Some((KEY_B, 2)));
//! assert_ok!(KeyDirectory::remove_key(RuntimeOrigin::signed(ALICE)));
//! assert_eq!(KeyDirectory::key_of(ALICE), None);
//! ```

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;
	/// A published key as stored.
	pub type PublishedKeyOf<T> = PublishedKey<BlockNumberFor<T>, BalanceOf<T>>;

	/// The storage layout version; 1 is the first release.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency in which the deposit is held.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reason, which includes this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Deposit held from an account while it has a key published, for the storage entry.
		#[pallet::constant]
		type KeyDeposit: Get<BalanceOf<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a published key, held from its account.
		KeyDeposit,
	}

	/// Each account's published encryption key.
	#[pallet::storage]
	pub type Keys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, PublishedKeyOf<T>, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account published a key, or replaced its key. The key is in [`Keys`].
		KeyPublished {
			/// The account.
			who: T::AccountId,
			/// The version of its key now (1: its first key).
			version: u32,
		},
		/// An account withdrew its key; its deposit was released.
		KeyRemoved {
			/// The account.
			who: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The key is not a valid X25519 public key: it is all zeros or another small-order
		/// point (anyone could open what is sealed to it), or not the canonical encoding
		/// (the top bit is set, or the number is not below 2^255 − 19). Publish the public key
		/// that your X25519 library derives from your private key.
		InvalidKey,
		/// This key is already the account's published key; publishing it again would change
		/// nothing. Publish a different key to replace it.
		KeyUnchanged,
		/// The account has no published key, so there is nothing to remove.
		NoKey,
		/// The key has been replaced so often that its version cannot count further. Remove
		/// the key (the version starts again at 1) and publish the new one.
		VersionOverflow,
		/// The account cannot pay the deposit: its free balance, less the existential
		/// deposit, is below `KeyDeposit`. Fund the account first.
		CannotPayDeposit,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Publishes `key` as the caller's X25519 encryption key, or replaces the caller's key
		/// with it. The first publication has version 1; each replacement one more.
		///
		/// - Origin: signed; the key is the caller's.
		/// - Holds [`Config::KeyDeposit`] from the caller on the first publication; a
		///   replacement keeps the deposit already held.
		/// - Errors: [`Error::InvalidKey`], [`Error::KeyUnchanged`],
		///   [`Error::VersionOverflow`], [`Error::CannotPayDeposit`].
		/// - Emits: [`Event::KeyPublished`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::publish_key())]
		pub fn publish_key(origin: OriginFor<T>, key: X25519PublicKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_publish_key(who, key)
		}

		/// Withdraws the caller's key and releases its deposit. Wallets can no longer seal new
		/// record keys to the caller; keys sealed earlier stay where they are.
		///
		/// - Origin: signed; only the caller's own key.
		/// - Errors: [`Error::NoKey`].
		/// - Emits: [`Event::KeyRemoved`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_key())]
		pub fn remove_key(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_key(who)
		}
	}

	/// The queries, for clients (as view functions) and for the runtime API
	/// (`pallet-key-directory-runtime-api`, whose methods call these).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The key `who` has published, with its version, the block it was published in and
		/// its deposit, or `None` if `who` has none.
		pub fn key_of(who: T::AccountId) -> Option<PublishedKeyOf<T>> {
			Self::query_key_of(&who)
		}
	}
}
