//! What the calls do.

use crate::*;
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{fungible::MutateHold, Get},
};
use healthchain_primitives::deposit::try_release_deposit;

impl<T: Config> Pallet<T> {
	/// Publishes or replaces `who`'s key. Everything is checked before anything is written.
	pub(crate) fn do_publish_key(who: T::AccountId, key: X25519PublicKey) -> DispatchResult {
		ensure!(is_valid_key(&key), Error::<T>::InvalidKey);
		let since = frame_system::Pallet::<T>::block_number();
		let entry = match Keys::<T>::get(&who) {
			Some(old) => {
				ensure!(old.key != key, Error::<T>::KeyUnchanged);
				let version = old.version.checked_add(1).ok_or(Error::<T>::VersionOverflow)?;
				PublishedKey { key, version, since, deposit: old.deposit }
			},
			None => {
				let deposit = T::KeyDeposit::get();
				T::Currency::hold(&HoldReason::KeyDeposit.into(), &who, deposit)
					.map_err(|_| Error::<T>::CannotPayDeposit)?;
				PublishedKey { key, version: 1, since, deposit }
			},
		};
		let version = entry.version;
		Keys::<T>::insert(&who, entry);
		Self::deposit_event(Event::KeyPublished { who, version });
		Ok(())
	}

	/// Removes `who`'s key and releases its deposit.
	pub(crate) fn do_remove_key(who: T::AccountId) -> DispatchResult {
		let entry = Keys::<T>::get(&who).ok_or(Error::<T>::NoKey)?;
		// Best effort: nothing else takes this hold, so the whole deposit is released; were
		// part of it ever gone, the key must still be removable.
		try_release_deposit::<T::AccountId, T::Currency>(
			&HoldReason::KeyDeposit.into(),
			&who,
			entry.deposit,
		)?;
		Keys::<T>::remove(&who);
		Self::deposit_event(Event::KeyRemoved { who });
		Ok(())
	}

	/// The smallest balance an account needs to publish a key: the deposit above the
	/// existential deposit.
	#[cfg(feature = "runtime-benchmarks")]
	pub(crate) fn funds_to_publish() -> BalanceOf<T> {
		use frame_support::traits::fungible::Inspect;
		use sp_runtime::Saturating;
		T::Currency::minimum_balance().saturating_add(T::KeyDeposit::get())
	}
}
