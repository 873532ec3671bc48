//! The read-only queries behind the view functions and the runtime API.

use crate::{pallet::*, types::*};
use alloc::{vec, vec::Vec};
use frame_support::traits::Get;
use healthchain_primitives::{
	AccessDecision, AccessTarget, Action, ConsentInspect, ContentHash, Purpose, RecordId, Tag,
};

impl<T: Config> Pallet<T> {
	/// The versions of `id`'s chain, oldest first (empty if unknown); at most `MaxVersions`.
	fn chain(id: RecordId) -> Vec<RecordPointer<T>> {
		let Some(mut first) = Records::<T>::get(id) else { return Vec::new() };
		let max = T::MaxVersions::get() as usize;
		let mut steps = 0usize;
		while let Some(previous) = first.replaces {
			if steps >= max {
				break;
			}
			match Records::<T>::get(previous) {
				Some(record) => first = record,
				None => break,
			}
			steps = steps.saturating_add(1);
		}
		let mut next = first.replaced_by;
		let mut chain = vec![first];
		while let Some(id) = next {
			if chain.len() >= max {
				break;
			}
			match Records::<T>::get(id) {
				Some(record) => {
					next = record.replaced_by;
					chain.push(record);
				},
				None => break,
			}
		}
		chain
	}

	/// See [`Pallet::history`].
	pub(crate) fn query_history(id: RecordId) -> Vec<RecordId> {
		Self::chain(id).iter().map(|record| record.id).collect()
	}

	/// See [`Pallet::verify`].
	pub(crate) fn query_verify(id: RecordId, hash: ContentHash) -> VerifyResult {
		let chain = Self::chain(id);
		let Some(latest) = chain.last().map(|record| record.id) else {
			return VerifyResult::Unknown;
		};
		match chain.iter().rev().find(|record| record.hash == hash) {
			None => VerifyResult::NoMatch { latest },
			Some(record) if record.status == RecordStatus::EnteredInError => {
				VerifyResult::EnteredInError { matched: record.id }
			},
			Some(record) if record.id == latest => VerifyResult::Current {
				record: record.id,
				status: record.status,
				erased: record.erased,
			},
			Some(record) => {
				VerifyResult::Superseded { matched: record.id, latest, erased: record.erased }
			},
		}
	}

	/// See [`Pallet::records_of`].
	pub(crate) fn query_records_of(
		patient: T::AccountId,
		category: Option<Tag>,
		start_after: Option<RecordId>,
		limit: u32,
	) -> RecordPageOf<T> {
		let limit = limit.clamp(1, MAX_PAGE) as usize;
		let iter = match start_after {
			Some(after) => RecordsByPatient::<T>::iter_prefix_from(
				&patient,
				RecordsByPatient::<T>::hashed_key_for(&patient, after),
			),
			None => RecordsByPatient::<T>::iter_prefix(&patient),
		};
		let mut iter = iter.peekable();
		let mut records = Vec::new();
		let mut next = None;
		let mut scanned = 0u32;
		while let Some((id, record_category)) = iter.next() {
			scanned = scanned.saturating_add(1);
			if category.is_none_or(|wanted| wanted == record_category) {
				if let Some(record) = Records::<T>::get(id) {
					records.push(record.info(KeyCount::<T>::get(id)));
				}
			}
			if records.len() >= limit || scanned >= MAX_PAGE_SCAN {
				if iter.peek().is_some() {
					next = Some(id);
				}
				break;
			}
		}
		RecordPage { records, next }
	}

	/// See [`Pallet::read_pointer`].
	pub(crate) fn query_read_pointer(
		id: RecordId,
		accessor: T::AccountId,
		purpose: Purpose,
	) -> Result<PointerInfoOf<T>, ReadDenied> {
		let record = Records::<T>::get(id).ok_or(ReadDenied::UnknownRecord)?;
		let body = record.body.ok_or(ReadDenied::Erased)?;
		let basis = match T::Consent::check_access(
			&body.patient,
			&accessor,
			&AccessTarget::Record(id),
			purpose,
			Action::Read,
		) {
			AccessDecision::Permitted(basis) => basis,
			AccessDecision::Denied(reason) => return Err(ReadDenied::Consent(reason)),
		};
		let key = WrappedKeys::<T>::get(id, &accessor)
			.filter(|key| key.grant.is_none_or(T::Consent::is_grant_live));
		Ok(PointerInfo {
			record: id,
			patient: body.patient,
			custodian: body.custodian,
			status: record.status,
			version: record.version,
			replaced_by: record.replaced_by,
			hash: record.hash,
			locator: body.locator.into_inner(),
			key_grant: key.as_ref().and_then(|key| key.grant),
			wrapped_key: key.map(|key| key.key.into_inner()),
			basis,
		})
	}
}
