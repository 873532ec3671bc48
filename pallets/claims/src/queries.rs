//! The read-only queries behind the view functions and the runtime API.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
	/// See [`Pallet::program`].
	pub(crate) fn query_program(id: ProgramId) -> Option<ProgramInfoOf<T>> {
		Programs::<T>::get(id).map(|program| Program {
			payer: program.payer,
			officer: program.officer,
			funder: program.funder,
			escrow: program.escrow,
			committed: program.committed,
			terms: ProgramTerms {
				services: program.terms.services.into_inner(),
				patient_limit: program.terms.patient_limit,
				dispute_window: program.terms.dispute_window,
				tasks: program.terms.tasks.into_inner(),
				reward_cap: program.terms.reward_cap,
				reward_period: program.terms.reward_period,
			},
			status: program.status,
			opened_at: program.opened_at,
		})
	}

	/// See [`Pallet::claims_of_patient`]: one page of a patient's claims.
	pub(crate) fn query_claims_of_patient(
		patient: T::AccountId,
		start_after: Option<ClaimId>,
		limit: u32,
	) -> Vec<(ClaimId, ClaimOf<T>)> {
		let limit = limit.min(MAX_PAGE) as usize;
		let ids = match start_after {
			Some(after) => ClaimsOfPatient::<T>::iter_key_prefix_from(
				&patient,
				ClaimsOfPatient::<T>::hashed_key_for(&patient, after),
			),
			None => ClaimsOfPatient::<T>::iter_key_prefix(&patient),
		};
		// Every indexed claim exists (`try_state` checks it); a missing one is passed over.
		ids.take(limit).filter_map(|id| Claims::<T>::get(id).map(|claim| (id, claim))).collect()
	}
}
