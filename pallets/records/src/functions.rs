//! The logic behind the calls and the cross-pallet traits.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	ensure,
	traits::{fungible::MutateHold, Get},
	weights::Weight,
};
use healthchain_primitives::{
	deposit::release_deposit, AccessTarget, Action, BlindFacts, ConsentInspect, ContentHash,
	GrantId, MemberRole, OrgId, OrgRole, OrganizationsInspect, Purpose, RecordFacts, RecordId,
	RecordsInspect,
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	// ---------------------------------------------------------------- helpers

	/// `DepositBase + DepositPerByte * bytes`.
	pub(crate) fn deposit_for(bytes: usize) -> BalanceOf<T> {
		let bytes = u32::try_from(bytes).unwrap_or(u32::MAX);
		T::DepositPerByte::get().saturating_mul(bytes.into()).saturating_add(T::DepositBase::get())
	}

	/// The bytes a record's deposit pays for: the encoded tags and locator of its input.
	pub(crate) fn input_bytes(input: &RecordInputOf<T>) -> usize {
		(&input.category, &input.type_code, &input.labels, &input.dates, &input.locator)
			.encoded_size()
	}

	/// Checks the input of a new record. Tags cannot be checked: they are opaque by design.
	pub(crate) fn validate_input(input: &RecordInputOf<T>) -> Result<(), Error<T>> {
		ensure!(!input.locator.is_empty(), Error::<T>::EmptyLocator);
		Ok(())
	}

	/// Takes the next record id.
	fn take_next_id() -> Result<RecordId, Error<T>> {
		let id = NextRecordId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		NextRecordId::<T>::put(next);
		Ok(id)
	}

	/// Whether `who` acts for `org` as a member of an active provider organization.
	pub(crate) fn is_custodian_member(org: OrgId, who: &T::AccountId) -> bool {
		T::Organizations::acting_for(who, OrgRole::Provider) == Some(org)
	}

	/// Whether `who` holds a clinical member role in `org`: only clinicians change records
	/// and their keys on the custodian's side; administrative members (the admin, staff,
	/// auditors) do not.
	pub(crate) fn is_clinician(org: OrgId, who: &T::AccountId) -> bool {
		T::Organizations::member_has_any_role(
			org,
			who,
			&[MemberRole::Clinician, MemberRole::EmergencyClinician],
		)
	}

	/// `who` is a clinician of the active provider `org`: `NotClinician` for a member
	/// without a clinical role. The caller checked membership first.
	fn ensure_clinician(org: OrgId, who: &T::AccountId) -> DispatchResult {
		ensure!(Self::is_clinician(org, who), Error::<T>::NotClinician);
		Ok(())
	}

	/// The caller may change the record's content: a clinician of the custodian, or for the
	/// patient's own upload the patient.
	fn ensure_custodian(record: &RecordBody<T>, who: &T::AccountId) -> DispatchResult {
		match record.custodian {
			None => ensure!(*who == record.patient, Error::<T>::NotCustodian),
			Some(org) => {
				ensure!(Self::is_custodian_member(org, who), Error::<T>::NotCustodian);
				Self::ensure_clinician(org, who)?;
			},
		}
		Ok(())
	}

	/// The caller may attach the record's keys: the patient or a clinician of the custodian.
	fn ensure_patient_or_custodian(record: &RecordBody<T>, who: &T::AccountId) -> DispatchResult {
		if *who == record.patient {
			return Ok(());
		}
		match record.custodian {
			Some(org) if Self::is_custodian_member(org, who) => Self::ensure_clinician(org, who),
			_ => Err(Error::<T>::NotPatientOrCustodian.into()),
		}
	}

	/// The patient's consent permits `who` to append a record with the blind `facts` for
	/// `purpose`. The decision sees the new record's labels and dates, so an `Append` grant
	/// with a data period or exceptions applies to it as to a registered record. Returns the
	/// decision's weight as made, at most [`Config::ConsentDecisionWeight`].
	fn ensure_append_permitted(
		patient: &T::AccountId,
		who: &T::AccountId,
		facts: BlindFacts,
		purpose: Purpose,
	) -> Result<Weight, DispatchError> {
		let (decision, weight) = T::Consent::check_access_weighed(
			patient,
			who,
			&AccessTarget::NewRecord(facts),
			purpose,
			Action::Append,
		);
		ensure!(decision.is_permitted(), Error::<T>::ConsentDenied);
		Ok(weight.min(T::ConsentDecisionWeight::get()))
	}

	/// Releases up to `amount` held for `reason` from `who`; returns what was released. The
	/// item it paid for goes whatever happens ([`release_deposit`]).
	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		release_deposit::<T::AccountId, T::Currency>(&reason.into(), who, amount)
	}

	/// Writes a new record and its index entry. `previous` is the `(id, chain, version)` of
	/// the version it replaces; `None` starts a chain.
	#[allow(clippy::too_many_arguments)]
	fn store_new_record(
		id: RecordId,
		author: T::AccountId,
		patient: T::AccountId,
		custodian: Option<OrgId>,
		input: RecordInputOf<T>,
		status: RecordStatus,
		previous: Option<(RecordId, RecordId, u32)>,
		deposit: Option<DepositOf<T>>,
	) {
		let (replaces, chain, version) = match previous {
			Some((replaces, chain, version)) => (Some(replaces), chain, version),
			None => (None, id, 1),
		};
		RecordsByPatient::<T>::insert(&patient, id, input.category);
		let record = RecordPointer::<T> {
			id,
			chain,
			hash: input.hash,
			status,
			version,
			replaces,
			replaced_by: None,
			registered_at: frame_system::Pallet::<T>::block_number(),
			erased: false,
			body: Some(RecordBody {
				patient,
				custodian,
				author,
				category: input.category,
				type_code: input.type_code,
				labels: input.labels,
				dates: input.dates,
				locator: input.locator,
				erasure_requested: false,
				dispute_reason: None,
				deposit,
			}),
		};
		Records::<T>::insert(id, &record);
	}

	/// Takes an id, holds the record deposit from `author` and stores the record; returns its
	/// id and the deposit held.
	fn create_record(
		author: T::AccountId,
		patient: T::AccountId,
		custodian: Option<OrgId>,
		input: RecordInputOf<T>,
		status: RecordStatus,
		previous: Option<(RecordId, RecordId, u32)>,
	) -> Result<(RecordId, BalanceOf<T>), DispatchError> {
		let id = Self::take_next_id()?;
		let amount = Self::deposit_for(Self::input_bytes(&input));
		T::Currency::hold(&HoldReason::RecordDeposit.into(), &author, amount)?;
		let deposit = Some(Deposit { payer: author.clone(), amount });
		Self::store_new_record(id, author, patient, custodian, input, status, previous, deposit);
		Ok((id, amount))
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
		KeysByGrant::<T>::remove((grant, id, grantee));
	}

	/// Whether a key of `grantee` on record `id` of `patient`, hanging on `grant`, is still
	/// the grantee's: the grant is live and a grant valid now lets the grantee read the
	/// record. Both are asked, so the cost does not depend on the answer.
	pub(crate) fn is_key_entitled(
		patient: &T::AccountId,
		grantee: &T::AccountId,
		id: RecordId,
		grant: GrantId,
	) -> bool {
		let live = T::Consent::is_grant_live(grant);
		let readable = T::Consent::read_grant_for(patient, grantee, id).is_some();
		live && readable
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

	/// Registers a record; see the `register` call. Returns the new record's id and the weight
	/// of the consent decision it took (none for the patient's own upload).
	pub(crate) fn do_register(
		who: T::AccountId,
		patient: T::AccountId,
		input: RecordInputOf<T>,
		purpose: Purpose,
	) -> Result<(RecordId, Weight), DispatchError> {
		Self::validate_input(&input)?;
		let (custodian, status, decision) = if who == patient {
			(None, RecordStatus::Current, Weight::zero())
		} else {
			let org = T::Organizations::acting_for(&who, OrgRole::Provider)
				.ok_or(Error::<T>::NotProvider)?;
			Self::ensure_clinician(org, &who)?;
			let decision =
				Self::ensure_append_permitted(&patient, &who, input.blind_facts(), purpose)?;
			(Some(org), RecordStatus::Pending, decision)
		};
		let hash = input.hash;
		let (id, deposit) =
			Self::create_record(who.clone(), patient.clone(), custodian, input, status, None)?;
		Self::deposit_event(Event::RecordRegistered {
			record: id,
			patient,
			custodian,
			author: who,
			hash,
			status,
			deposit,
		});
		Ok((id, decision))
	}

	/// Registers a new version; see the `supersede` call. Returns the new version's id and the
	/// weight of the consent decision it took (none for the patient's own upload).
	pub(crate) fn do_supersede(
		who: T::AccountId,
		old_id: RecordId,
		input: RecordInputOf<T>,
		purpose: Purpose,
	) -> Result<(RecordId, Weight), DispatchError> {
		Self::validate_input(&input)?;
		let mut old = Records::<T>::get(old_id).ok_or(Error::<T>::UnknownRecord)?;
		let body = old.body.as_ref().ok_or(Error::<T>::RecordErased)?;
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
		Self::ensure_custodian(body, &who)?;
		// A new version inherits its predecessor's grants (they name the chain), so it must
		// not escape an exception by changing what the exceptions test.
		ensure!(input.blind_facts() == body.blind_facts(), Error::<T>::FactsChanged);
		let (patient, custodian) = (body.patient.clone(), body.custodian);
		let (status, decision) = if custodian.is_some() {
			let decision =
				Self::ensure_append_permitted(&patient, &who, input.blind_facts(), purpose)?;
			(RecordStatus::Pending, decision)
		} else {
			(RecordStatus::Current, Weight::zero())
		};
		let hash = input.hash;
		let (new, deposit) = Self::create_record(
			who.clone(),
			patient.clone(),
			custodian,
			input,
			status,
			Some((old_id, old.chain, version)),
		)?;
		old.status = RecordStatus::Superseded;
		old.replaced_by = Some(new);
		Records::<T>::insert(old_id, &old);
		Self::deposit_event(Event::RecordSuperseded {
			old: old_id,
			new,
			patient,
			custodian,
			author: who,
			version,
			hash,
			status,
			deposit,
		});
		Ok((new, decision))
	}

	/// Applies `f` to a live (not erased) record of which `who` is the patient.
	fn mutate_as_patient(
		who: &T::AccountId,
		id: RecordId,
		f: impl FnOnce(&mut RecordPointer<T>) -> DispatchResult,
	) -> DispatchResult {
		Records::<T>::try_mutate(id, |maybe_record| {
			let record = maybe_record.as_mut().ok_or(Error::<T>::UnknownRecord)?;
			let body = record.body.as_ref().ok_or(Error::<T>::RecordErased)?;
			ensure!(body.patient == *who, Error::<T>::NotPatient);
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
			if let Some(body) = record.body.as_mut() {
				body.dispute_reason = Some(reason);
			}
			Ok(())
		})?;
		Self::deposit_event(Event::RecordDisputed { record: id, patient: who, reason });
		Ok(())
	}

	/// See the `mark_entered_in_error` call.
	pub(crate) fn do_mark_entered_in_error(who: T::AccountId, id: RecordId) -> DispatchResult {
		let previous = Records::<T>::try_mutate(id, |maybe_record| {
			let record = maybe_record.as_mut().ok_or(Error::<T>::UnknownRecord)?;
			let body = record.body.as_ref().ok_or(Error::<T>::RecordErased)?;
			ensure!(
				record.status != RecordStatus::EnteredInError,
				Error::<T>::AlreadyEnteredInError
			);
			Self::ensure_custodian(body, &who)?;
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
			let body = record.body.as_mut().ok_or(Error::<T>::RecordErased)?;
			let org = body.custodian.ok_or(Error::<T>::NoCustodian)?;
			ensure!(!body.erasure_requested, Error::<T>::ErasureAlreadyRequested);
			body.erasure_requested = true;
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
		let body = record.body.as_ref().ok_or(Error::<T>::RecordErased)?;
		if who != body.patient {
			let org = body.custodian.ok_or(Error::<T>::NotPatient)?;
			ensure!(T::Organizations::is_admin(org, &who), Error::<T>::NotCustodianAdmin);
			ensure!(body.erasure_requested, Error::<T>::ErasureNotRequested);
		}
		let keys_removed = Self::remove_record_keys(id);
		let Some(body) = record.body.take() else {
			// Checked above.
			return Err(Error::<T>::RecordErased.into());
		};
		let deposit_released = match body.deposit {
			Some(deposit) => {
				Self::release(HoldReason::RecordDeposit, &deposit.payer, deposit.amount)
			},
			None => Zero::zero(),
		};
		RecordsByPatient::<T>::remove(&body.patient, id);
		record.erased = true;
		Records::<T>::insert(id, record);
		Self::deposit_event(Event::RecordErased {
			record: id,
			patient: body.patient,
			by: who,
			keys_removed,
			deposit_released,
		});
		Ok(keys_removed)
	}

	/// See the `attach_key` call.
	/// See the `attach_key` call. Returns the weight of the consent decision beyond the one
	/// its benchmark made, at most [`Config::ConsentDecisionWeight`].
	pub(crate) fn do_attach_key(
		who: T::AccountId,
		id: RecordId,
		grantee: T::AccountId,
		key: WrappedKeyOf<T>,
	) -> Result<Weight, DispatchError> {
		ensure!(!key.is_empty(), Error::<T>::EmptyWrappedKey);
		let record = Records::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		let record = record.body.ok_or(Error::<T>::RecordErased)?;
		Self::ensure_patient_or_custodian(&record, &who)?;
		ensure!(!WrappedKeys::<T>::contains_key(id, &grantee), Error::<T>::KeyAlreadyAttached);
		let count = KeyCount::<T>::get(id);
		ensure!(count < T::MaxKeysPerRecord::get(), Error::<T>::TooManyKeysForRecord);
		let (grant, decision) = if grantee == record.patient {
			(None, Weight::zero())
		} else {
			let (grant, decision) =
				T::Consent::read_grant_for_weighed(&record.patient, &grantee, id);
			(Some(grant.ok_or(Error::<T>::NoReadGrant)?), decision)
		};
		let amount = Self::deposit_for(key.len());
		T::Currency::hold(&HoldReason::KeyDeposit.into(), &who, amount)?;
		if let Some(grant) = grant {
			KeysByGrant::<T>::insert((grant, id, &grantee), ());
		}
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
		Ok(decision.min(T::ConsentDecisionWeight::get()))
	}

	/// See the `detach_key` call.
	pub(crate) fn do_detach_key(
		who: T::AccountId,
		id: RecordId,
		grantee: T::AccountId,
	) -> DispatchResult {
		let record = Records::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		// Erasure removed every key, and with the body who may manage them.
		let record = record.body.ok_or(Error::<T>::KeyNotFound)?;
		let entry = WrappedKeys::<T>::get(id, &grantee).ok_or(Error::<T>::KeyNotFound)?;
		// A key is the grantee's access: only the patient, the grantee itself or whoever
		// attached it (and paid for it) may take it away, not any member of the custodian.
		ensure!(
			who == record.patient || who == grantee || who == entry.deposit.payer,
			Error::<T>::NotPatientGranteeOrAttacher
		);
		WrappedKeys::<T>::remove(id, &grantee);
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
	///
	/// Removes at most `MaxKeysRemovedOnGrantEnd` keys; the event says whether any are left.
	/// Those are never handed out (`read_pointer` checks that the grant is live) and anyone
	/// may remove them with `remove_unentitled_key`. Returns how many it removed.
	pub(crate) fn do_remove_grant_keys(grant: GrantId) -> u32 {
		let max = T::MaxKeysRemovedOnGrantEnd::get() as usize;
		let keys: Vec<(RecordId, T::AccountId)> =
			KeysByGrant::<T>::iter_key_prefix((grant,)).take(max).collect();
		if keys.is_empty() {
			return 0;
		}
		for (id, grantee) in keys.iter() {
			KeysByGrant::<T>::remove((grant, id, grantee));
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
		let more_left = KeysByGrant::<T>::iter_key_prefix((grant,)).next().is_some();
		let removed = u32::try_from(keys.len()).unwrap_or(u32::MAX);
		Self::deposit_event(Event::GrantKeysRemoved { grant, keys, more_left });
		removed
	}

	/// The weight of removing `n` keys when a grant ends, beyond finding none.
	pub(crate) fn grant_keys_weight(n: u32) -> Weight {
		<T::WeightInfo as crate::WeightInfo>::on_grant_ended(n)
			.saturating_sub(<T::WeightInfo as crate::WeightInfo>::on_grant_ended(0))
	}

	/// See the `remove_unentitled_key` call.
	pub(crate) fn do_remove_unentitled_key(
		who: T::AccountId,
		id: RecordId,
		grantee: T::AccountId,
	) -> DispatchResult {
		let record = Records::<T>::get(id).ok_or(Error::<T>::UnknownRecord)?;
		// Erasure removed every key.
		let body = record.body.ok_or(Error::<T>::KeyNotFound)?;
		let entry = WrappedKeys::<T>::get(id, &grantee).ok_or(Error::<T>::KeyNotFound)?;
		// The patient's own key hangs on no grant: it is always entitled.
		let grant = entry.grant.ok_or(Error::<T>::KeyStillEntitled)?;
		ensure!(
			!Self::is_key_entitled(&body.patient, &grantee, id, grant),
			Error::<T>::KeyStillEntitled
		);
		WrappedKeys::<T>::remove(id, &grantee);
		Self::dec_key_count(id);
		Self::unindex_grant_key(grant, id, &grantee);
		Self::release(HoldReason::KeyDeposit, &entry.deposit.payer, entry.deposit.amount);
		Self::deposit_event(Event::UnentitledKeyRemoved { record: id, grantee, grant, by: who });
		Ok(())
	}

	// ---------------------------------------------------------------- genesis

	/// Inserts a genesis record (no deposit). Errors name what is wrong.
	pub(crate) fn insert_genesis_record(
		record: &GenesisRecord<T::AccountId>,
	) -> Result<RecordId, &'static str> {
		let input = RecordInputOf::<T> {
			category: record.category,
			type_code: record.type_code,
			labels: record.labels,
			dates: record.dates,
			hash: record.hash,
			locator: record.locator.clone().try_into().map_err(|_| "locator too long")?,
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
			None,
		);
		Ok(id)
	}
}

impl<T: Config> RecordsInspect<T::AccountId> for Pallet<T> {
	fn record_facts(record: RecordId) -> Option<RecordFacts<T::AccountId>> {
		let record = Records::<T>::get(record)?;
		let body = record.body?;
		Some(RecordFacts {
			blind: body.blind_facts(),
			patient: body.patient,
			chain: record.chain,
			custodian: body.custodian,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_record(patient: &T::AccountId, facts: BlindFacts) -> RecordId {
		let id = NextRecordId::<T>::get();
		NextRecordId::<T>::put(id.saturating_add(1));
		let input = RecordInputOf::<T> {
			category: facts.category,
			type_code: facts.category,
			labels: facts.labels,
			dates: facts.dates,
			hash: ContentHash::Sha256([0; 32]),
			locator: frame_support::BoundedVec::truncate_from(alloc::vec![0u8]),
		};
		Self::store_new_record(
			id,
			patient.clone(),
			patient.clone(),
			None,
			input,
			RecordStatus::Current,
			None,
			None,
		);
		id
	}
}
