//! Benchmarks of the records pallet, each at its worst case.
//!
//! Organizations and grants are set up through the `benchmark_*` helpers of
//! [`OrganizationsInspect`] and [`ConsentInspect`], so the same code runs against the mock and
//! against the real pallets in the runtime.

use super::*;
use alloc::{boxed::Box, vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Inspect, fungible::Mutate, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use healthchain_primitives::{
	blind::{DATE_LEVELS, LABEL_SLOTS, TAG_LEN},
	BlindFacts, ConsentInspect, ContentHash, GrantId, MemberRole, OnGrantEnded, OrgRole,
	OrganizationsInspect, Purpose, RecordId, RecordsInspect,
};
use sp_runtime::traits::Saturating;

const SEED: u32 = 0;

/// An account funded for many deposits.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let many_deposits = Pallet::<T>::deposit_for(100_000).saturating_mul(10_000u32.into());
	T::Currency::set_balance(&who, T::Currency::minimum_balance().saturating_add(many_deposits));
	who
}

/// Blind facts with every tag distinct (tags are fixed-size: their values do not change the
/// cost).
fn facts(fill: u8) -> BlindFacts {
	let mut dates = [[0u8; TAG_LEN]; DATE_LEVELS];
	for (i, tag) in dates.iter_mut().enumerate() {
		*tag = [fill.wrapping_add(i as u8); TAG_LEN];
	}
	let mut labels = [[0u8; TAG_LEN]; LABEL_SLOTS];
	for (i, tag) in labels.iter_mut().enumerate() {
		*tag = [fill.wrapping_add(0x80).wrapping_add(i as u8); TAG_LEN];
	}
	BlindFacts { category: [fill; TAG_LEN], labels, dates }
}

/// A record input with an `l`-byte locator; every version of a benchmark's chain has the same
/// blind facts, as `supersede` requires.
fn input<T: Config>(l: u32) -> RecordInputOf<T> {
	let facts = facts(b'C');
	RecordInput {
		category: facts.category,
		type_code: [b'T'; TAG_LEN],
		labels: facts.labels,
		dates: facts.dates,
		hash: ContentHash::Sha256([7; 32]),
		locator: BoundedVec::truncate_from(vec![b'l'; l as usize]),
	}
}

/// A wrapped key of `w` bytes.
fn wrapped_key<T: Config>(w: u32) -> WrappedKeyOf<T> {
	BoundedVec::truncate_from(vec![0xAB; w as usize])
}

struct Provider<T: Config> {
	admin: T::AccountId,
	clinician: T::AccountId,
	patient: T::AccountId,
}

/// An active provider with an admin and a clinician, and a patient who granted the clinician
/// everything.
fn provider<T: Config>() -> Provider<T> {
	let admin = funded::<T>("admin", 0);
	let org = T::Organizations::benchmark_organization(&admin, &[OrgRole::Provider]);
	let clinician = funded::<T>("clinician", 0);
	T::Organizations::benchmark_member(org, &clinician, &[MemberRole::Clinician]);
	let patient = funded::<T>("patient", 0);
	T::Consent::benchmark_grant(&patient, &clinician);
	Provider { admin, clinician, patient }
}

/// A provider-registered record with the longest locator.
fn provider_record<T: Config>(p: &Provider<T>) -> Result<RecordId, BenchmarkError> {
	Ok(Pallet::<T>::do_register(
		p.clinician.clone(),
		p.patient.clone(),
		input::<T>(T::MaxLocatorLen::get()),
		Purpose::Treatment,
	)?
	.0)
}

/// `grantee`, granted by `patient`, gets keys (attached by the patient) on `count` fresh
/// records of the patient, filling the grant's index.
fn fill_grant<T: Config>(
	patient: &T::AccountId,
	grantee: &T::AccountId,
	count: u32,
) -> Result<Vec<RecordId>, BenchmarkError> {
	let mut records = Vec::new();
	for _ in 0..count {
		let id = Pallet::<T>::benchmark_record(patient, facts(b'F'));
		Pallet::<T>::do_attach_key(
			patient.clone(),
			id,
			grantee.clone(),
			wrapped_key::<T>(T::MaxWrappedKeyLen::get()),
		)?;
		records.push(id);
	}
	Ok(records)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A provider member registers for a patient, with consent checked.
	#[benchmark]
	fn register(l: Linear<1, { T::MaxLocatorLen::get() }>) -> Result<(), BenchmarkError> {
		let p = provider::<T>();
		let id = NextRecordId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.clinician),
			p.patient.clone(),
			Box::new(input::<T>(l)),
			Purpose::Treatment,
		);

		let record = Records::<T>::get(id).ok_or(BenchmarkError::Stop("not registered"))?;
		assert_eq!(record.body.map(|b| b.patient), Some(p.patient));
		assert_eq!(record.status, RecordStatus::Pending);
		Ok(())
	}

	/// A custodian member supersedes the latest version of a chain one short of
	/// `MaxVersions`.
	#[benchmark]
	fn supersede(l: Linear<1, { T::MaxLocatorLen::get() }>) -> Result<(), BenchmarkError> {
		let p = provider::<T>();
		// The new version is the last one the chain may hold.
		let mut old = provider_record::<T>(&p)?;
		for _ in 2..T::MaxVersions::get() {
			old = Pallet::<T>::do_supersede(
				p.clinician.clone(),
				old,
				input::<T>(T::MaxLocatorLen::get()),
				Purpose::Treatment,
			)?
			.0;
		}
		let new = NextRecordId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(p.clinician), old, Box::new(input::<T>(l)), Purpose::Treatment);

		assert_eq!(Records::<T>::get(old).and_then(|r| r.replaced_by), Some(new));
		assert_eq!(Records::<T>::get(new).map(|r| r.version), Some(T::MaxVersions::get()));
		Ok(())
	}

	#[benchmark]
	fn acknowledge() -> Result<(), BenchmarkError> {
		let p = provider::<T>();
		let id = provider_record::<T>(&p)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.patient), id);

		assert_eq!(Records::<T>::get(id).map(|r| r.status), Some(RecordStatus::Current));
		Ok(())
	}

	#[benchmark]
	fn dispute() -> Result<(), BenchmarkError> {
		let p = provider::<T>();
		let id = provider_record::<T>(&p)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.patient), id, ContentHash::Blake2_256([9; 32]));

		assert_eq!(Records::<T>::get(id).map(|r| r.status), Some(RecordStatus::Disputed));
		Ok(())
	}

	#[benchmark]
	fn mark_entered_in_error() -> Result<(), BenchmarkError> {
		let p = provider::<T>();
		let id = provider_record::<T>(&p)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.clinician), id);

		assert_eq!(Records::<T>::get(id).map(|r| r.status), Some(RecordStatus::EnteredInError));
		Ok(())
	}

	#[benchmark]
	fn request_erasure() -> Result<(), BenchmarkError> {
		let p = provider::<T>();
		let id = provider_record::<T>(&p)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.patient), id);

		assert_eq!(
			Records::<T>::get(id).and_then(|r| r.body).map(|b| b.erasure_requested),
			Some(true)
		);
		Ok(())
	}

	/// The custodian's admin erases, on request, a record with `k` keys, each under its own
	/// grant. (Grant indexes are one entry per key: their size does not change the cost.)
	#[benchmark]
	fn erase(k: Linear<0, { T::MaxKeysPerRecord::get() }>) -> Result<(), BenchmarkError> {
		let p = provider::<T>();
		let id = provider_record::<T>(&p)?;
		for i in 0..k {
			let grantee: T::AccountId = account("grantee", i, SEED);
			T::Consent::benchmark_grant(&p.patient, &grantee);
			Pallet::<T>::do_attach_key(
				p.clinician.clone(),
				id,
				grantee,
				wrapped_key::<T>(T::MaxWrappedKeyLen::get()),
			)?;
		}
		Pallet::<T>::do_request_erasure(p.patient.clone(), id)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.admin), id);

		let record = Records::<T>::get(id).ok_or(BenchmarkError::Stop("record gone"))?;
		assert!(record.erased && record.body.is_none());
		assert_eq!(KeyCount::<T>::get(id), 0);
		Ok(())
	}

	/// A custodian clinician attaches a `w`-byte key under a grant.
	#[benchmark]
	fn attach_key(w: Linear<1, { T::MaxWrappedKeyLen::get() }>) -> Result<(), BenchmarkError> {
		let p = provider::<T>();
		let id = provider_record::<T>(&p)?;
		let grantee: T::AccountId = account("grantee", 0, SEED);
		T::Consent::benchmark_grant(&p.patient, &grantee);

		#[extrinsic_call]
		_(RawOrigin::Signed(p.clinician), id, grantee.clone(), wrapped_key::<T>(w));

		assert!(WrappedKeys::<T>::contains_key(id, &grantee));
		Ok(())
	}

	/// The clinician who attached a key detaches it.
	#[benchmark]
	fn detach_key() -> Result<(), BenchmarkError> {
		let p = provider::<T>();
		let id = provider_record::<T>(&p)?;
		let grantee: T::AccountId = account("grantee", 0, SEED);
		T::Consent::benchmark_grant(&p.patient, &grantee);
		Pallet::<T>::do_attach_key(
			p.clinician.clone(),
			id,
			grantee.clone(),
			wrapped_key::<T>(T::MaxWrappedKeyLen::get()),
		)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.clinician), id, grantee.clone());

		assert!(!WrappedKeys::<T>::contains_key(id, &grantee));
		Ok(())
	}

	/// A grant carrying `n` keys, each on its own record, ends and they are removed; at
	/// `n = MaxKeysRemovedOnGrantEnd` one more key is left, read to tell that some are.
	#[benchmark]
	fn on_grant_ended(
		n: Linear<0, { T::MaxKeysRemovedOnGrantEnd::get() }>,
	) -> Result<(), BenchmarkError> {
		let patient = funded::<T>("patient", 0);
		let grantee: T::AccountId = account("grantee", 0, SEED);
		let grant: GrantId = T::Consent::benchmark_grant(&patient, &grantee);
		let max = T::MaxKeysRemovedOnGrantEnd::get();
		let records =
			fill_grant::<T>(&patient, &grantee, if n == max { n.saturating_add(1) } else { n })?;

		#[block]
		{
			<Pallet<T> as OnGrantEnded>::on_grant_ended(grant);
		}

		let left = records.iter().filter(|id| WrappedKeys::<T>::contains_key(id, &grantee));
		assert_eq!(left.count(), if n == max { 1 } else { 0 });
		Ok(())
	}

	/// Anyone removes a key whose grant is no longer live; both consent questions are asked
	/// (the grant's liveness and a read grant of the grantee).
	#[benchmark]
	fn remove_unentitled_key() -> Result<(), BenchmarkError> {
		let patient = funded::<T>("patient", 0);
		let grantee: T::AccountId = account("grantee", 0, SEED);
		let live = T::Consent::benchmark_grant(&patient, &grantee);
		let id = fill_grant::<T>(&patient, &grantee, 1)?
			.pop()
			.ok_or(BenchmarkError::Stop("no record"))?;
		// Re-hang the key on a grant that does not exist (so is not live): the grantee still
		// has a read grant, so the entitlement check reads both.
		let ended = live.saturating_add(1_000_000);
		WrappedKeys::<T>::mutate(id, &grantee, |entry| {
			if let Some(entry) = entry {
				entry.grant = Some(ended);
			}
		});
		KeysByGrant::<T>::remove((live, id, &grantee));
		KeysByGrant::<T>::insert((ended, id, &grantee), ());
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id, grantee.clone());

		assert!(!WrappedKeys::<T>::contains_key(id, &grantee));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
