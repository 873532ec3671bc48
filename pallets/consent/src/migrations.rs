//! Storage migrations of the consent pallet.

/// Version 2: an emergency access keeps one review per reviewer class.
///
/// Version 1 kept one review per emergency access, final whoever wrote it, so a regulator's
/// review silenced the patient and the patient's silenced the regulator (finding 13 of the
/// security review). Version 2 keeps the patient side's review (`patient_review`) and the
/// oversight side's (`oversight_review`) apart.
///
/// The migration files a version 1 review under the side its reviewer belongs to now: the
/// patient side when the reviewer is the patient or one of the patient's guardians, the
/// oversight side otherwise (version 1 let only regulators' members review besides them). A
/// guardian removed since its review is thus filed as oversight, which leaves the patient
/// side open for the patient: the migration may return a voice, never take one.
///
/// Accesses opened under version 1 hold no deposit (`EmergencyDeposits` has no entry for them):
/// deposits are held from version 2 on.
pub mod v2 {
	use crate::{Config, EmergencyAccess, EmergencyAccesses, EmergencyReview, Pallet};
	#[cfg(feature = "try-runtime")]
	use alloc::vec::Vec;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};
	use healthchain_primitives::{Moment, OrgId};

	/// The version 1 layout.
	#[allow(missing_docs)] // `storage_alias` generates an undocumented prefix type.
	pub mod v1 {
		use super::*;

		/// Version 1 of [`EmergencyAccess`]: one review.
		#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
		pub struct EmergencyAccess<AccountId> {
			pub patient: AccountId,
			pub clinician: AccountId,
			pub org: OrgId,
			pub justification: [u8; 32],
			pub opened_at: Moment,
			pub expires_at: Moment,
			pub closed_at: Option<Moment>,
			pub review: Option<EmergencyReview<AccountId>>,
		}

		/// Version 1 of `EmergencyAccesses`.
		#[frame_support::storage_alias]
		pub type EmergencyAccesses<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			healthchain_primitives::EmergencyId,
			EmergencyAccess<<T as frame_system::Config>::AccountId>,
		>;
	}

	/// The version 2 form of a version 1 access: its review filed under its reviewer's side.
	pub fn migrate_access<T: Config>(
		old: v1::EmergencyAccess<T::AccountId>,
	) -> EmergencyAccess<T::AccountId> {
		let v1::EmergencyAccess {
			patient,
			clinician,
			org,
			justification,
			opened_at,
			expires_at,
			closed_at,
			review,
		} = old;
		let (patient_review, oversight_review) = match review {
			Some(review)
				if review.reviewer == patient
					|| Pallet::<T>::is_guardian(&patient, &review.reviewer) =>
			{
				(Some(review), None)
			},
			Some(review) => (None, Some(review)),
			None => (None, None),
		};
		EmergencyAccess {
			patient,
			clinician,
			org,
			justification,
			opened_at,
			expires_at,
			closed_at,
			patient_review,
			oversight_review,
		}
	}

	/// The migration without its version check; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut accesses = 0u64;
			EmergencyAccesses::<T>::translate::<v1::EmergencyAccess<T::AccountId>, _>(|_, old| {
				accesses = accesses.saturating_add(1);
				Some(migrate_access::<T>(old))
			});
			// Each access is read and written, and the patient's guardians read for a review.
			T::DbWeight::get().reads_writes(accesses.saturating_mul(2), accesses)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let (accesses, reviewed) = v1::EmergencyAccesses::<T>::iter_values()
				.fold((0u64, 0u64), |(all, reviewed), access| {
					(all + 1, reviewed + u64::from(access.review.is_some()))
				});
			Ok((accesses, reviewed).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (accesses, reviewed) = <(u64, u64)>::decode(&mut &state[..])
				.map_err(|_| sp_runtime::TryRuntimeError::Other("bad pre_upgrade state"))?;
			let (mut after, mut reviews) = (0u64, 0u64);
			for access in EmergencyAccesses::<T>::iter_values() {
				after += 1;
				reviews += u64::from(access.patient_review.is_some());
				reviews += u64::from(access.oversight_review.is_some());
			}
			ensure!(accesses == after, "the number of emergency accesses changed");
			ensure!(reviewed == reviews, "a review was lost or made up");
			Pallet::<T>::do_try_state()
		}
	}

	/// Moves `EmergencyAccesses` from version 1 to version 2, once: it runs only when the
	/// on-chain storage version is 1, and sets it to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		UncheckedMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
