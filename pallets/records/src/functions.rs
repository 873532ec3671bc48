//! The logic behind the calls, the queries and the cross-pallet traits.

use crate::{pallet::*, types::*, MAX_PAGE_SCAN, MAX_PAGE_SIZE};
use alloc::{vec, vec::Vec};
use frame_support::{
	defensive, ensure,
	traits::{fungible::MutateHold, tokens::Precision, Get},
	BoundedVec,
};
use healthchain_primitives::{
	AccessDecision, AccessTarget, Action, CategoryCode, ConsentInspect, ContentHash, GrantId,
	OrgId, OrgRole, OrganizationsInspect, Purpose, RecordFacts, RecordId, RecordsInspect,
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult,
};

/// Whether `code` is a non-empty run of printable ASCII without spaces (codes, labels).
fn is_code(code: &[u8]) -> bool {
	!code.is_empty() && code.iter().all(u8::is_ascii_graphic)
}

/// Whether `media_type` is non-empty printable ASCII (spaces allowed for parameters) with a
/// `/` between type and subtype.
fn is_media_type(media_type: &[u8]) -> bool {
	!media_type.is_empty()
		&& media_type.iter().all(|b| *b == b' ' || b.is_ascii_graphic())
		&& media_type.contains(&b'/')
}

impl<T: Config> Pallet<T> {
	// ---------------------------------------------------------------- helpers

	/// `DepositBase + DepositPerByte * bytes`.
	pub(crate) fn deposit_for(bytes: usize) -> BalanceOf<T> {
		let bytes = u32::try_from(bytes).unwrap_or(u32::MAX);
		T::DepositPerByte::get().saturating_mul(bytes.into()).saturating_add(T::DepositBase::get())
	}

	/// The variable-length bytes a record stores, which its deposit pays for.
	pub(crate) fn input_bytes(input: &RecordInputOf<T>) -> usize {
		input
			.security_labels
			.iter()
			.fold(0usize, |acc, label| acc.saturating_add(label.len()))
			.saturating_add(input.category.len())
			.saturating_add(input.type_code.len())
			.saturating_add(input.media_type.len())
			.saturating_add(input.locator.len())
	}

	/// Checks the codes, media type, labels and locator of a new record.
	pub(crate) fn validate_input(input: &RecordInputOf<T>) -> Result<(), Error<T>> {
		ensure!(!input.locator.is_empty(), Error::<T>::EmptyLocator);
		ensure!(is_code(&input.category) && is_code(&input.type_code), Error::<T>::InvalidCode);
		ensure!(is_media_type(&input.media_type), Error::<T>::InvalidMediaType);
		ensure!(
			input.security_labels.iter().all(|label| is_code(label)),
			Error::<T>::InvalidSecurityLabel
		);
		Ok(())
	}

	/// Takes the next record id.
	fn take_next_id() -> Result<RecordId, Error<T>> {
		let id = NextRecordId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::RecordIdOverflow)?;
		NextRecordId::<T>::put(next);
		Ok(id)
	}

	/// Whether `who` acts for `org` as a member of an active provider organization.
	pub(crate) fn is_custodian_member(org: OrgId, who: &T::AccountId) -> bool {
		T::Organizations::acting_for(who, OrgRole::Provider) == Some(org)
	}

	/// The caller may change the record's content: a custodian member, or for the patient's
	/// own upload the patient.
	fn ensure_custodian(record: &RecordPointer<T>, who: &T::AccountId) -> DispatchResult {
		let allowed = match record.custodian {
			None => *who == record.patient,
			Some(org) => Self::is_custodian_member(org, who),
		};
		ensure!(allowed, Error::<T>::NotCustodian);
		Ok(())
	}

	/// The caller may manage the record's keys: the patient or a custodian member.
	fn ensure_patient_or_custodian(
		record: &RecordPointer<T>,
		who: &T::AccountId,
	) -> DispatchResult {
		let allowed = *who == record.patient
			|| record.custodian.is_some_and(|org| Self::is_custodian_member(org, who));
		ensure!(allowed, Error::<T>::NotPatientOrCustodian);
		Ok(())
	}

	/// The patient's consent permits `who` to append records of `category` for `purpose`.
	fn ensure_append_permitted(
		patient: &T::AccountId,
		who: &T::AccountId,
		category: &CategoryCode,
		purpose: Purpose,
	) -> DispatchResult {
		let decision = T::Consent::check_access(
			patient,
			who,
			&AccessTarget::Category(category.clone()),
			purpose,
			Action::Append,
		);
		ensure!(decision.is_permitted(), Error::<T>::ConsentDenied);
		Ok(())
	}

	/// Releases up to `amount` held for `reason` from `who`; returns what was released.
	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		match T::Currency::release(&reason.into(), who, amount, Precision::BestEffort) {
			Ok(released) => released,
			Err(_) => {
				// Only this pallet holds under its reasons and it releases each deposit once.
				defensive!("records: a deposit held by this pallet could not be released");
				Zero::zero()
			},
		}
	}

	/// Writes a new record and its index entry; returns it.
	#[allow(clippy::too_many_arguments)]
	fn store_new_record(
		id: RecordId,
		author: T::AccountId,
		patient: T::AccountId,
		custodian: Option<OrgId>,
		input: RecordInputOf<T>,
		status: RecordStatus,
		replaces: Option<RecordId>,
		version: u32,
		deposit: Option<Deposit<T::AccountId, BalanceOf<T>>>,
	) -> RecordPointer<T> {
		let record = RecordPointer::<T> {
			id,
			patient,
			custodian,
			author,
			category: input.category,
			type_code: input.type_code,
			media_type: input.media_type,
			size: input.size,
			date: input.date,
			hash: input.hash,
			locator: Some(input.locator),
			security_labels: input.security_labels,
			status,
			erased: false,
			erasure_requested: false,
			version,
			replaces,
			replaced_by: None,
			dispute_reason: None,
			registered_at: frame_system::Pallet::<T>::block_number(),
			deposit,
		};
		RecordsByPatient::<T>::insert(&record.patient, id, &record.category);
		Records::<T>::insert(id, &record);
		record
	}

	/// Takes an id, holds the record deposit from `author` and stores the record.
	fn create_record(
		author: T::AccountId,
		patient: T::AccountId,
		custodian: Option<OrgId>,
		input: RecordInputOf<T>,
		status: RecordStatus,
		replaces: Option<RecordId>,
		version: u32,
	) -> Result<RecordPointer<T>, DispatchError> {
		let id = Self::take_next_id()?;
		let amount = Self::deposit_for(Self::input_bytes(&input));
		T::Currency::hold(&HoldReason::RecordDeposit.into(), &author, amount)?;
		let deposit = Some(Deposit { payer: author.clone(), amount });
		Ok(Self::store_new_record(
			id, author, patient, custodian, input, status, replaces, version, deposit,
		))
	}

	/// Decrements a record's key count, removing the entry at zero.
	fn dec_key_count(id: RecordId) {
		KeyCount::<T>::mutate_exists(id, |count| {
			let left = count.unwrap_or(0).saturating_sub(1);
			*count = if left == 0 { None } else { Some(left) };
		});
	}

	/// Removes `(id, grantee)` from the index of `grant`.
	fn unindex_grant_key(grant: GrantId, id: RecordId, grantee: &T::AccountId) {
		KeysByGrant::<T>::mutate_exists(grant, |maybe_keys| {
			if let Some(keys) = maybe_keys {
				keys.retain(|(r, g)| !(*r == id && g == grantee));
				if keys.is_empty() {
					*maybe_keys = None;
				}
			}
		});
	}

	/// Removes every wrapped key of a record, returning the key deposits; returns how many.
	fn remove_record_keys(id: RecordId) -> u32 {
		// At most `MaxKeysPerRecord` keys exist per record (`attach_key` enforces it), so
		// `take` never leaves one behind; it only makes the bound explicit.
		let bound = T::MaxKeysPerRecord::get() as usize;
		let keys: Vec<_> = WrappedKeys::<T>::drain_prefix(id).take(bound).collect();
		KeyCount::<T>::remove(id);
		for (grantee, entry) in &keys {
			if let Some(grant) = entry.grant {
				Self::unindex_grant_key(grant, id, grantee);
			}
			Self::release(HoldReason::KeyDeposit, &entry.deposit.payer, entry.deposit.amount);
		}
		u32::try_from(keys.len()).unwrap_or(u32::MAX)
	}

	// ---------------------------------------------------------------- calls

	/// Registers a record; see the `register` call.
	pub(crate) fn do_register(
		who: T::AccountId,
		patient: T::AccountId,
		input: RecordInputOf<T>,
		purpose: Purpose,
	) -> Result<RecordId, DispatchError> {
		Self::validate_input(&input)?;
		let (custodian, status) = if who == patient {
			(None, RecordStatus::Current)
		} else {
			let org = T::Organizations::acting_for(&who, OrgRole::Provider)
				.ok_or(Error::<T>::NotProvider)?;
			Self::ensure_append_permitted(&patient, &who, &input.category, purpose)?;
			(Some(org), RecordStatus::Pending)
		};
		let record = Self::create_record(who, patient, custodian, input, status, None, 1)?;
		let deposit = record.deposit.as_ref().map(|d| d.amount).unwrap_or_default();
		Self::deposit_event(Event::RecordRegistered {
			record: record.id,
			patient: record.patient,
			custodian: record.custodian,
			author: record.author,
			category: record.category,
			type_code: record.type_code,
			hash: record.hash,
			status: record.status,
			deposit,
		});
		Ok(record.id)
	}

	/// Registers a new version; see the `supersede` call.
	pub(crate) fn do_supersede(
		who: T::AccountId,
		old_id: RecordId,
		input: RecordInputOf<T>,
		purpose: Purpose,
	) -> Result<RecordId, DispatchError> {
		Self::validate_input(&input)?;
		let mut old = Records::<T>::get(old_id).ok_or(Error::<T>::UnknownRecord)?;
		ensure!(!old.erased, Error::<T>::RecordErased);
		ensure!(
			old.replaced_by.is_none()
				&& matches!(
					old.status,
					RecordStatus::Pending | RecordStatus::Current | RecordStatus::Disputed
				),
			Error::<T>::NotSupersedable
		);
		let version = old
			.version
			.checked_add(1)
			.filter(|v| *v <= T::MaxVersions::get())
			.ok_or(Error::<T>::TooManyVersions)?;
		Self::ensure_custodian(&old, &who)?;
		let status = if old.custodian.is_some() {
			Self::ensure_append_permitted(&old.patient, &who, &input.category, purpose)?;
			RecordStatus::Pending
		} else {
			RecordStatus::Current
		};
		let new = Self::create_record(
			who,
			old.patient.clone(),
			old.custodian,
			input,
			status,
			Some(old_id),
			version,
		)?;
		old.status = RecordStatus::Superseded;
		old.replaced_by = Some(new.id);
		Records::<T>::insert(old_id, &old);
		let deposit = new.deposit.as_ref().map(|d| d.amount).unwrap_or_default();
		Self::deposit_event(Event::RecordSuperseded {
			old: old_id,
			new: new.id,
			patient: new.patient,
			custodian: new.custodian,
			author: new.author,
			version: new.version,
			hash: new.hash,
			status: new.status,
			deposit,
		});
		Ok(new.id)
	}

	/// Applies `f` to a live (not erased) record of which `who` is the patient.
	fn mutate_as_patient(
		who: &T::AccountId,
		id: RecordId,
		f: impl FnOnce(&mut RecordPointer<T>) -> DispatchResult,
	) -> DispatchResult {
		Records::<T>::try_mutate(id, |maybe_record| {
			let record = maybe_record.as_mut().ok_or(Error::<T>::UnknownRecord)?;
			ensure!(!record.erased, Error::<T>::RecordErased);
			ensure!(record.patient == *who, Error::<T>::NotPatient);
			f(record)
		})
	}

	/// See the `acknowledge` call.
	pub(crate) fn do_acknowledge(who: T::AccountId, id: RecordId) -> DispatchResult {
		Self::mutate_as_patient(&who, id, |record| {
			ensure!(record.status == RecordStatus::Pending, Error::<T>::NotPending);
			record.status = RecordStatus::Current;
			Ok(())
		})?;
		Self::deposit_event(Event::RecordAcknowledged { record: id, patient: who });
		Ok(())
	}

	/// See the `dispute` call.
	pub(crate) fn do_dispute(
		who: T::AccountId,
		id: RecordId,
		reason: ContentHash,
	) -> DispatchResult {
		Self::mutate_as_patient(&who, id, |record| {
			ensure!(record.status == RecordStatus::Pending, Error::<T>::NotPending);
			record.status = RecordStatus::Disputed;
			record.dispute_reason = Some(reason);
			Ok(())
		})?;
		Self::deposit_event(Event::RecordDisputed { record: id, patient: who, reason });
		Ok(())
	}

	/// See the `mark_entered_in_error` call.
	pub(crate) fn do_mark_entered_in_error(who: T::AccountId, id: RecordId) -> DispatchResult {
		let previous = Records::<T>::try_mutate(id, |maybe_record| {
			let record = maybe_record.as_mut().ok_or(Error::<T>::UnknownRecord)?;
			ensure!(!record.erased, Error::<T>::RecordErased);
			ensure!(
				record.status != RecordStatus::EnteredInError,
				Error::<T>::AlreadyEnteredInError
			);
			Self::ensure_custodian(record, &who)?;
			let previous = record.status;
			record.status = RecordStatus::EnteredInError;
			Ok::<_, DispatchError>(previous)
		})?;
		Self::deposit_event(Event::RecordEnteredInError { record: id, previous, by: who });
		Ok(())
	}

	/// See the `request_erasure` call.
	pub(crate) fn do_request_erasure(who: T::AccountId, id: RecordId) -> DispatchResult {
		let mut custodian = None;
		Self::mutate_as_patient(&who, id, |record| {
			let org = record.custodian.ok_or(Error::<T>::NoCustodian)?;
			ensure!(!record.erasure_requested, Error::<T>::ErasureAlreadyRequested);
			record.erasure_requested = true;
			custodian = Some(org);
			Ok(())
		})?;
		if let Some(custodian) = custodian {
			Self::deposit_event(Event::ErasureRequested { record: id, patient: who, custodian });
		}
		Ok(())
	}

	/// See the `erase` call. Returns the number of wrapped keys removed.
	pub(crate) fn do_erase(who: T::AccountId, id: RecordId) -> Result<u32, DispatchError> {
		let mut record = Records::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		ensure!(!record.erased, Error::<T>::RecordErased);
		if who != record.patient {
			let org = record.custodian.ok_or(Error::<T>::NotPatient)?;
			ensure!(T::Organizations::is_admin(org, &who), Error::<T>::NotCustodianAdmin);
			ensure!(record.erasure_requested, Error::<T>::ErasureNotRequested);
		}
		let keys_removed = Self::remove_record_keys(id);
		let deposit_released = match record.deposit.take() {
			Some(deposit) => {
				Self::release(HoldReason::RecordDeposit, &deposit.payer, deposit.amount)
			},
			None => Zero::zero(),
		};
		record.locator = None;
		record.erased = true;
		record.erasure_requested = false;
		let patient = record.patient.clone();
		Records::<T>::insert(id, record);
		Self::deposit_event(Event::RecordErased {
			record: id,
			patient,
			by: who,
			keys_removed,
			deposit_released,
		});
		Ok(keys_removed)
	}

	/// See the `attach_key` call.
	pub(crate) fn do_attach_key(
		who: T::AccountId,
		id: RecordId,
		grantee: T::AccountId,
		key: WrappedKeyOf<T>,
	) -> DispatchResult {
		ensure!(!key.is_empty(), Error::<T>::EmptyWrappedKey);
		let record = Records::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		ensure!(!record.erased, Error::<T>::RecordErased);
		Self::ensure_patient_or_custodian(&record, &who)?;
		ensure!(!WrappedKeys::<T>::contains_key(id, &grantee), Error::<T>::KeyAlreadyAttached);
		let count = KeyCount::<T>::get(id);
		ensure!(count < T::MaxKeysPerRecord::get(), Error::<T>::TooManyKeysForRecord);
		let grant = if grantee == record.patient {
			None
		} else {
			let grant = T::Consent::read_grant_for(&record.patient, &grantee, id)
				.ok_or(Error::<T>::NoReadGrant)?;
			KeysByGrant::<T>::try_mutate(grant, |maybe_keys| {
				let keys = maybe_keys.get_or_insert_with(BoundedVec::new);
				keys.try_push((id, grantee.clone())).map_err(|_| Error::<T>::TooManyKeysForGrant)
			})?;
			Some(grant)
		};
		let amount = Self::deposit_for(key.len());
		T::Currency::hold(&HoldReason::KeyDeposit.into(), &who, amount)?;
		WrappedKeys::<T>::insert(
			id,
			&grantee,
			WrappedKey { key, grant, deposit: Deposit { payer: who.clone(), amount } },
		);
		KeyCount::<T>::insert(id, count.saturating_add(1));
		Self::deposit_event(Event::KeyAttached {
			record: id,
			grantee,
			grant,
			by: who,
			deposit: amount,
		});
		Ok(())
	}

	/// See the `detach_key` call.
	pub(crate) fn do_detach_key(
		who: T::AccountId,
		id: RecordId,
		grantee: T::AccountId,
	) -> DispatchResult {
		let record = Records::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		Self::ensure_patient_or_custodian(&record, &who)?;
		let entry = WrappedKeys::<T>::take(id, &grantee).ok_or(Error::<T>::KeyNotFound)?;
		Self::dec_key_count(id);
		if let Some(grant) = entry.grant {
			Self::unindex_grant_key(grant, id, &grantee);
		}
		Self::release(HoldReason::KeyDeposit, &entry.deposit.payer, entry.deposit.amount);
		Self::deposit_event(Event::KeyDetached {
			record: id,
			grantee,
			grant: entry.grant,
			by: who,
		});
		Ok(())
	}

	/// Removes every key attached under `grant`: [`OnGrantEnded::on_grant_ended`].
	///
	/// [`OnGrantEnded::on_grant_ended`]: healthchain_primitives::OnGrantEnded::on_grant_ended
	pub(crate) fn do_remove_grant_keys(grant: GrantId) {
		let Some(keys) = KeysByGrant::<T>::take(grant) else { return };
		for (id, grantee) in keys.iter() {
			// The index names only keys stored under this grant; the check guards the entry
			// all the same, as the key is what a reader would be handed.
			let Some(entry) = WrappedKeys::<T>::get(id, grantee) else { continue };
			if entry.grant != Some(grant) {
				continue;
			}
			WrappedKeys::<T>::remove(id, grantee);
			Self::dec_key_count(*id);
			Self::release(HoldReason::KeyDeposit, &entry.deposit.payer, entry.deposit.amount);
		}
		Self::deposit_event(Event::GrantKeysRemoved { grant, keys });
	}

	// ---------------------------------------------------------------- queries

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
		category: Option<CategoryCode>,
		start_after: Option<RecordId>,
		limit: u32,
	) -> RecordPageOf<T> {
		let limit = limit.clamp(1, MAX_PAGE_SIZE) as usize;
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
			if category.as_ref().is_none_or(|wanted| *wanted == record_category) {
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
		let locator = match (&record.locator, record.erased) {
			(Some(locator), false) => locator.clone().into_inner(),
			_ => return Err(ReadDenied::Erased),
		};
		let basis = match T::Consent::check_access(
			&record.patient,
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
			patient: record.patient,
			custodian: record.custodian,
			status: record.status,
			version: record.version,
			replaced_by: record.replaced_by,
			media_type: record.media_type.into_inner(),
			size: record.size,
			hash: record.hash,
			locator,
			key_grant: key.as_ref().and_then(|key| key.grant),
			wrapped_key: key.map(|key| key.key.into_inner()),
			basis,
		})
	}

	// ---------------------------------------------------------------- genesis

	/// Inserts a genesis record (no deposit). Errors name what is wrong.
	pub(crate) fn insert_genesis_record(
		record: &GenesisRecord<T::AccountId>,
	) -> Result<RecordId, &'static str> {
		let input = RecordInputOf::<T> {
			category: record.category.clone().try_into().map_err(|_| "category too long")?,
			type_code: record.type_code.clone().try_into().map_err(|_| "type code too long")?,
			media_type: record.media_type.clone().try_into().map_err(|_| "media type too long")?,
			size: record.size,
			date: record.date,
			hash: record.hash,
			locator: record.locator.clone().try_into().map_err(|_| "locator too long")?,
			security_labels: record
				.security_labels
				.iter()
				.map(|label| {
					SecurityLabel::try_from(label.clone()).map_err(|_| "security label too long")
				})
				.collect::<Result<Vec<_>, _>>()?
				.try_into()
				.map_err(|_| "too many security labels")?,
		};
		Self::validate_input(&input).map_err(|e| -> &'static str { e.into() })?;
		ensure!(
			!record.pending || record.custodian.is_some(),
			"a patient upload cannot be pending"
		);
		let status = if record.pending { RecordStatus::Pending } else { RecordStatus::Current };
		let id = Self::take_next_id().map_err(|e| -> &'static str { e.into() })?;
		Self::store_new_record(
			id,
			record.author.clone(),
			record.patient.clone(),
			record.custodian,
			input,
			status,
			None,
			1,
			None,
		);
		Ok(id)
	}

	// ---------------------------------------------------------------- invariants

	/// Checks the storage invariants: indexes agree with the records, version links are
	/// symmetric, erased records have no locator and no keys, and the key index by grant
	/// agrees with the stored keys.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next_id = NextRecordId::<T>::get();
		let mut records = 0usize;
		for (id, record) in Records::<T>::iter() {
			records = records.saturating_add(1);
			ensure!(record.id == id, "a record is stored under another id");
			ensure!(id < next_id, "a record id is not below NextRecordId");
			ensure!(
				RecordsByPatient::<T>::get(&record.patient, id).as_ref() == Some(&record.category),
				"the patient index disagrees with a record"
			);
			ensure!(
				record.version >= 1 && record.version <= T::MaxVersions::get(),
				"a version number is out of range"
			);
			ensure!(record.erased == record.locator.is_none(), "erased differs from no locator");
			if record.erased {
				ensure!(record.deposit.is_none(), "an erased record still holds a deposit");
				ensure!(!record.erasure_requested, "an erased record has a pending request");
			}
			if record.custodian.is_none() {
				ensure!(
					!matches!(record.status, RecordStatus::Pending | RecordStatus::Disputed),
					"a patient upload awaits acknowledgement"
				);
				ensure!(!record.erasure_requested, "a patient upload has an erasure request");
			}
			if record.status == RecordStatus::Disputed {
				ensure!(record.dispute_reason.is_some(), "a disputed record has no reason");
			}
			match record.replaces {
				None => ensure!(record.version == 1, "a first version is not number 1"),
				Some(previous) => {
					let previous =
						Records::<T>::get(previous).ok_or("replaces a missing record")?;
					ensure!(previous.replaced_by == Some(id), "version links are not symmetric");
					ensure!(
						previous.version.saturating_add(1) == record.version,
						"version numbers do not follow"
					);
					ensure!(
						previous.patient == record.patient
							&& previous.custodian == record.custodian,
						"versions of a chain differ in patient or custodian"
					);
				},
			}
			match record.replaced_by {
				None => ensure!(
					record.status != RecordStatus::Superseded,
					"a superseded record has no successor"
				),
				Some(next) => {
					let next = Records::<T>::get(next).ok_or("replaced by a missing record")?;
					ensure!(next.replaces == Some(id), "version links are not symmetric");
					ensure!(
						matches!(
							record.status,
							RecordStatus::Superseded | RecordStatus::EnteredInError
						),
						"a replaced record is neither superseded nor entered in error"
					);
				},
			}
			let keys = WrappedKeys::<T>::iter_prefix(id).count();
			ensure!(keys == KeyCount::<T>::get(id) as usize, "KeyCount disagrees with the keys");
			ensure!(keys <= T::MaxKeysPerRecord::get() as usize, "too many keys on a record");
			ensure!(!record.erased || keys == 0, "an erased record has keys");
		}
		ensure!(
			RecordsByPatient::<T>::iter().count() == records,
			"the patient index has entries without records"
		);
		for (id, count) in KeyCount::<T>::iter() {
			ensure!(count > 0, "a zero key count is stored");
			ensure!(Records::<T>::contains_key(id), "a key count for a missing record");
		}
		for (id, grantee, entry) in WrappedKeys::<T>::iter() {
			let record = Records::<T>::get(id).ok_or("a key for a missing record")?;
			match entry.grant {
				None => ensure!(grantee == record.patient, "a key without grant for a non-patient"),
				Some(grant) => ensure!(
					KeysByGrant::<T>::get(grant).is_some_and(|keys| keys.contains(&(id, grantee))),
					"a key is missing from its grant's index"
				),
			}
		}
		for (grant, keys) in KeysByGrant::<T>::iter() {
			ensure!(!keys.is_empty(), "an empty grant index is stored");
			for (i, (id, grantee)) in keys.iter().enumerate() {
				ensure!(
					WrappedKeys::<T>::get(id, grantee).is_some_and(|e| e.grant == Some(grant)),
					"a grant index names a key not stored under that grant"
				);
				ensure!(
					!keys.iter().take(i).any(|earlier| earlier == &(*id, grantee.clone())),
					"a grant index names a key twice"
				);
			}
		}
		Ok(())
	}
}

impl<T: Config> RecordsInspect<T::AccountId> for Pallet<T> {
	fn record_facts(record: RecordId) -> Option<RecordFacts<T::AccountId>> {
		Records::<T>::get(record).map(|record| RecordFacts {
			patient: record.patient,
			category: record.category,
			date: record.date,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_record(
		patient: &T::AccountId,
		category: CategoryCode,
		date: healthchain_primitives::Moment,
	) -> RecordId {
		let id = NextRecordId::<T>::get();
		NextRecordId::<T>::put(id.saturating_add(1));
		let input = RecordInputOf::<T> {
			type_code: category.clone(),
			category,
			media_type: BoundedVec::truncate_from(b"application/octet-stream".to_vec()),
			size: 1,
			date,
			hash: ContentHash::Sha256([0; 32]),
			locator: BoundedVec::truncate_from(vec![0u8]),
			security_labels: BoundedVec::new(),
		};
		Self::store_new_record(
			id,
			patient.clone(),
			patient.clone(),
			None,
			input,
			RecordStatus::Current,
			None,
			1,
			None,
		);
		id
	}
}
