//! Storage migrations of the records pallet.

/// Version 2: `KeysByGrant` becomes a map keyed by `(grant, record, grantee)`.
///
/// Version 1 kept one bounded list of `(record, grantee)` per grant, so every key attached
/// under an organization grant (one per clinician per record) counted against one cap. The
/// migration moves each listed key to its own entry; the keys themselves (`WrappedKeys`) do
/// not change.
pub mod v2 {
	use crate::{Config, KeysByGrant, Pallet};
	use alloc::vec::Vec;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};
	use healthchain_primitives::{GrantId, RecordId};

	/// The version 1 layout.
	#[allow(missing_docs)] // `storage_alias` generates an undocumented prefix type.
	pub mod v1 {
		use super::*;

		/// Version 1 of `KeysByGrant`: the `(record, grantee)` keys of each grant. Read as a
		/// `Vec`, which decodes what the bounded list encoded.
		#[frame_support::storage_alias]
		pub type KeysByGrant<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			GrantId,
			Vec<(RecordId, <T as frame_system::Config>::AccountId)>,
		>;
	}

	/// The migration without its version check; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			// Read every old list before writing the first new entry: both live under the
			// same storage prefix.
			let old: Vec<_> = v1::KeysByGrant::<T>::drain().collect();
			let lists = old.len() as u64;
			let mut keys = 0u64;
			for (grant, list) in old {
				for (record, grantee) in list {
					KeysByGrant::<T>::insert((grant, record, grantee), ());
					keys = keys.saturating_add(1);
				}
			}
			T::DbWeight::get().reads_writes(lists, lists.saturating_add(keys))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let keys: u64 = v1::KeysByGrant::<T>::iter_values().map(|list| list.len() as u64).sum();
			Ok(keys.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = u64::decode(&mut &state[..])
				.map_err(|_| sp_runtime::TryRuntimeError::Other("bad pre_upgrade state"))?;
			let after = KeysByGrant::<T>::iter_keys().count() as u64;
			ensure!(before == after, "the number of indexed keys changed");
			Pallet::<T>::do_try_state()
		}
	}

	/// Moves `KeysByGrant` from version 1 to version 2, once: it runs only when the on-chain
	/// storage version is 1, and sets it to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		UncheckedMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
