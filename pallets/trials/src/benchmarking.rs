//! Benchmarks of the trials pallet, each at its worst case: the most sites, every outcome list
//! full, a researcher of the sponsor who is not the investigator acting, the site last in the
//! trial's list, outcome lists compared in full.
//!
//! Organizations and grants are set up through the `benchmark_*` helpers of
//! [`OrganizationsInspect`] and [`ConsentInspect`], so the same code runs against the mock and
//! against the real pallets in the runtime.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use healthchain_primitives::{
	ConsentInspect, MemberRole, OrgId, OrgRole, OrganizationsInspect, Tag,
};
use sp_runtime::traits::Saturating;

const SEED: u32 = 0;
const PROTOCOL: Hash = [1; 32];
const REASON: Hash = [3; 32];
const DATASET: Hash = [4; 32];
const RESULTS: Hash = [5; 32];
const CATEGORY: Tag = [7; 16];

/// An account funded for a few trials' deposits.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let deposits = Pallet::<T>::deposit_for(T::MaxEnrolment::get()).saturating_mul(4u32.into());
	T::Currency::set_balance(&who, T::Currency::minimum_balance().saturating_add(deposits));
	who
}

/// An active organization with `roles` (reused when the set-up runs again) and a member of it
/// holding `member_roles`.
fn organization<T: Config>(
	name: &'static str,
	index: u32,
	roles: &[OrgRole],
	member_roles: &[MemberRole],
) -> (OrgId, T::AccountId) {
	let admin = funded::<T>(name, index.saturating_mul(2));
	let org = match T::Organizations::organization_of(&admin) {
		Some(org) => org,
		None => T::Organizations::benchmark_organization(&admin, roles),
	};
	let member = funded::<T>(name, index.saturating_mul(2).saturating_add(1));
	T::Organizations::benchmark_member(org, &member, member_roles);
	(org, member)
}

/// A full outcome list, every hash distinct and starting with `fill`.
fn outcomes<T: Config>(fill: u8) -> OutcomesOf<T> {
	let list: Vec<Hash> = (0..T::MaxOutcomes::get())
		.map(|i| {
			let mut hash = [fill; 32];
			hash[28..].copy_from_slice(&i.to_le_bytes());
			hash
		})
		.collect();
	BoundedVec::truncate_from(list)
}

/// The sponsor's investigator and another of its researchers.
struct Sponsor<T: Config> {
	investigator: T::AccountId,
	researcher: T::AccountId,
}

fn sponsor<T: Config>() -> Sponsor<T> {
	let (org, investigator) =
		organization::<T>("sponsor", 0, &[OrgRole::Researcher], &[MemberRole::Researcher]);
	let researcher = funded::<T>("researcher", 0);
	T::Organizations::benchmark_member(org, &researcher, &[MemberRole::Researcher]);
	Sponsor { investigator, researcher }
}

/// `count` site organizations, each with a clinician; the last site's clinician.
fn sites<T: Config>(count: u32) -> (SitesOf<T>, T::AccountId) {
	let mut list = Vec::new();
	let mut staff = None;
	for i in 0..count {
		let (org, clinician) =
			organization::<T>("site", i, &[OrgRole::Provider], &[MemberRole::Clinician]);
		list.push(org);
		staff = Some(clinician);
	}
	let staff = staff.unwrap_or_else(|| account("nobody", 0, SEED));
	(BoundedVec::truncate_from(list), staff)
}

/// A trial of `sponsor` at `sites`, full outcome lists, the most participants planned.
fn trial<T: Config>(sponsor: &Sponsor<T>, sites: SitesOf<T>) -> Result<TrialId, BenchmarkError> {
	Ok(Pallet::<T>::do_register_trial(
		sponsor.investigator.clone(),
		PROTOCOL,
		outcomes::<T>(0x10),
		outcomes::<T>(0x20),
		sites,
		T::MaxEnrolment::get(),
	)?)
}

/// Participant `n`, who granted the investigator research reads, and its commitment.
fn participant<T: Config>(sponsor: &Sponsor<T>, n: u32) -> (T::AccountId, Hash) {
	let who = funded::<T>("participant", n);
	T::Consent::benchmark_grant(&who, &sponsor.investigator);
	let mut commitment = [0xCC; 32];
	commitment[28..].copy_from_slice(&n.to_le_bytes());
	(who, commitment)
}

/// Enrols participant `n` at `site` through `staff`; returns the commitment.
fn enrolled<T: Config>(
	sponsor: &Sponsor<T>,
	id: TrialId,
	site: OrgId,
	staff: &T::AccountId,
	n: u32,
) -> Result<Hash, BenchmarkError> {
	let (who, commitment) = participant::<T>(sponsor, n);
	Pallet::<T>::do_enrol(staff.clone(), id, site, who, CATEGORY, commitment)?;
	Ok(commitment)
}

/// The last site of a list.
fn last<T: Config>(sites: &SitesOf<T>) -> Result<OrgId, BenchmarkError> {
	sites.last().copied().ok_or(BenchmarkError::Stop("no site"))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `s` sites, each checked; full outcome lists, each checked for duplicates.
	#[benchmark]
	fn register_trial(s: Linear<1, { T::MaxSites::get() }>) -> Result<(), BenchmarkError> {
		let sponsor = sponsor::<T>();
		let (sites, _) = sites::<T>(s);
		let id = NextTrialId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(sponsor.investigator.clone()),
			PROTOCOL,
			outcomes::<T>(0x10),
			outcomes::<T>(0x20),
			sites,
			T::MaxEnrolment::get(),
		);

		assert!(Trials::<T>::contains_key(id));
		Ok(())
	}

	/// A declared change of every outcome after enrolment, to the last version allowed.
	#[benchmark]
	fn amend() -> Result<(), BenchmarkError> {
		if T::MaxVersions::get() < 2 {
			return Err(BenchmarkError::Weightless);
		}
		let sponsor = sponsor::<T>();
		let (sites, staff) = sites::<T>(T::MaxSites::get());
		let site = last::<T>(&sites)?;
		let id = trial::<T>(&sponsor, sites)?;
		enrolled::<T>(&sponsor, id, site, &staff, 0)?;
		for _ in 2..T::MaxVersions::get() {
			Pallet::<T>::do_amend(
				sponsor.researcher.clone(),
				id,
				PROTOCOL,
				outcomes::<T>(0x10),
				outcomes::<T>(0x20),
				REASON,
				false,
			)?;
		}

		#[extrinsic_call]
		_(
			RawOrigin::Signed(sponsor.researcher.clone()),
			id,
			PROTOCOL,
			outcomes::<T>(0x30),
			outcomes::<T>(0x40),
			REASON,
			true,
		);

		let current = Trials::<T>::get(id).map(|t| t.current_version);
		assert_eq!(current, Some(T::MaxVersions::get() - 1));
		Ok(())
	}

	/// The last site a trial may have.
	#[benchmark]
	fn add_site() -> Result<(), BenchmarkError> {
		if T::MaxSites::get() < 2 {
			return Err(BenchmarkError::Weightless);
		}
		let sponsor = sponsor::<T>();
		let (mut sites, _) = sites::<T>(T::MaxSites::get());
		let new = sites.pop().ok_or(BenchmarkError::Stop("no site"))?;
		let id = trial::<T>(&sponsor, sites)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(sponsor.researcher.clone()), id, new);

		assert_eq!(Trials::<T>::get(id).and_then(|t| t.sites.last().copied()), Some(new));
		Ok(())
	}

	/// At the last of the most sites, whose counts exist already, with consent checked.
	#[benchmark]
	fn enrol() -> Result<(), BenchmarkError> {
		let sponsor = sponsor::<T>();
		let (sites, staff) = sites::<T>(T::MaxSites::get());
		let site = last::<T>(&sites)?;
		let id = trial::<T>(&sponsor, sites)?;
		if T::MaxEnrolment::get() >= 2 {
			enrolled::<T>(&sponsor, id, site, &staff, 0)?;
		}
		let (participant, commitment) = participant::<T>(&sponsor, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(staff), id, site, participant, CATEGORY, commitment);

		assert!(Participants::<T>::contains_key(id, commitment));
		Ok(())
	}

	#[benchmark]
	fn withdraw() -> Result<(), BenchmarkError> {
		let sponsor = sponsor::<T>();
		let (sites, staff) = sites::<T>(T::MaxSites::get());
		let site = last::<T>(&sites)?;
		let id = trial::<T>(&sponsor, sites)?;
		let commitment = enrolled::<T>(&sponsor, id, site, &staff, 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(staff), id, commitment);

		let withdrawn = Participants::<T>::get(id, commitment).and_then(|e| e.withdrawn_at);
		assert!(withdrawn.is_some());
		Ok(())
	}

	#[benchmark]
	fn lock_data() -> Result<(), BenchmarkError> {
		let sponsor = sponsor::<T>();
		let (sites, staff) = sites::<T>(T::MaxSites::get());
		let site = last::<T>(&sites)?;
		let id = trial::<T>(&sponsor, sites)?;
		enrolled::<T>(&sponsor, id, site, &staff, 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(sponsor.researcher.clone()), id, DATASET);

		assert!(Trials::<T>::get(id).is_some_and(|t| t.data_lock.is_some()));
		Ok(())
	}

	/// Full reported lists that differ from the registered ones in the last hash, the deposit
	/// released.
	#[benchmark]
	fn register_results() -> Result<(), BenchmarkError> {
		let sponsor = sponsor::<T>();
		let (sites, staff) = sites::<T>(T::MaxSites::get());
		let site = last::<T>(&sites)?;
		let id = trial::<T>(&sponsor, sites)?;
		enrolled::<T>(&sponsor, id, site, &staff, 0)?;
		Pallet::<T>::do_lock_data(sponsor.researcher.clone(), id, DATASET)?;
		let mut primary = outcomes::<T>(0x10).into_inner();
		if let Some(hash) = primary.last_mut() {
			hash[0] = 0x50;
		}
		let primary: OutcomesOf<T> = BoundedVec::truncate_from(primary);

		#[extrinsic_call]
		_(RawOrigin::Signed(sponsor.researcher.clone()), id, RESULTS, primary, outcomes::<T>(0x20));

		assert!(Trials::<T>::get(id).is_some_and(|t| t.results.is_some() && t.deposit.is_none()));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
