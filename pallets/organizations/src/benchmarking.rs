//! Benchmarks for the organizations pallet, each call in its worst case: the accreditation origin
//! a regulator when the runtime accepts one (two more reads than Root), full histories,
//! longest metadata and issuer codes, deposits held.

use super::*;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, InspectHold, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use healthchain_primitives::{role_set, MemberRole, OrgRole, OrganizationsInspect};
use sp_runtime::traits::{Saturating, StaticLookup};

const SEED: u32 = 0;

/// Gives `who` enough to pay every deposit a benchmark needs, ten times over.
fn fund<T: Config>(who: &T::AccountId) {
	let ten: BalanceOf<T> = 10u32.into();
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::OrganizationDeposit::get().saturating_mul(ten))
		.saturating_add(T::MemberDeposit::get().saturating_mul(ten));
	T::Currency::set_balance(who, amount);
}

/// The accreditation origin in its worst case: a signed regulator admin if the runtime accepts
/// one, else the origin the runtime says succeeds.
fn accreditation_origin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	let regulator: T::AccountId = account("regulator", 0, SEED);
	Pallet::<T>::benchmark_organization(&regulator, &[OrgRole::Regulator]);
	let signed: T::RuntimeOrigin = RawOrigin::Signed(regulator).into();
	if T::AccreditationOrigin::try_origin(signed.clone()).is_ok() {
		return Ok(signed);
	}
	T::AccreditationOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// Every role a regulator may give: all but `Regulator`, which only Root gives.
fn roles() -> OrgRoles {
	let mut roles: OrgRoles = role_set(&OrgRole::ALL);
	roles.remove(&OrgRole::Regulator);
	roles
}

/// Every member role.
fn member_roles() -> MemberRoles {
	role_set(&MemberRole::ALL)
}

/// A credential with the longest issuer code.
fn credential() -> Credential {
	Credential {
		hash: [1; 32],
		issuer: BoundedVec::truncate_from(vec![b'A'; MAX_ISSUER_CODE_LEN as usize]),
	}
}

/// The longest metadata pointer.
fn metadata<T: Config>() -> MetadataOf<T> {
	BoundedVec::truncate_from(vec![b'm'; T::MaxMetadataLen::get() as usize])
}

/// Registers an organization, as Root, offering its admin role to `admin`.
fn offer<T: Config>(admin: &T::AccountId) -> Result<OrgId, BenchmarkError> {
	Pallet::<T>::do_offer_registration(None, admin.clone(), roles(), credential(), metadata::<T>())
		.map_err(|_| BenchmarkError::Stop("cannot register the benchmark organization"))
}

/// Invites `who` to `org` through the admin, deposit held.
fn invite<T: Config>(
	org: OrgId,
	admin: &T::AccountId,
	who: &T::AccountId,
) -> Result<(), BenchmarkError> {
	Pallet::<T>::do_invite(admin.clone(), org, who.clone(), member_roles())
		.map_err(|_| BenchmarkError::Stop("cannot invite the benchmark member"))
}

/// A registered organization (deposit held from its funded admin) with a full history.
fn organization<T: Config>() -> Result<(OrgId, T::AccountId), BenchmarkError> {
	let admin: T::AccountId = account("admin", 0, SEED);
	fund::<T>(&admin);
	let org = offer::<T>(&admin)?;
	Pallet::<T>::do_accept_admin(admin.clone(), org)
		.map_err(|_| BenchmarkError::Stop("cannot accept the benchmark organization"))?;
	let entry = AccreditationRecord {
		who: None,
		block: frame_system::Pallet::<T>::block_number(),
		action: AccreditationAction::RolesSet(roles()),
	};
	History::<T>::insert(
		org,
		BoundedVec::truncate_from(vec![entry; T::MaxHistory::get() as usize]),
	);
	Ok((org, admin))
}

/// Adds a member to `org` through the admin (invited, then accepting), deposit held.
fn member<T: Config>(
	org: OrgId,
	admin: &T::AccountId,
	index: u32,
) -> Result<T::AccountId, BenchmarkError> {
	let who: T::AccountId = account("member", index, SEED);
	invite::<T>(org, admin, &who)?;
	Pallet::<T>::do_accept_membership(who.clone(), org)
		.map_err(|_| BenchmarkError::Stop("cannot add the benchmark member"))?;
	Ok(who)
}

/// `count` 12-digit company prefixes: `lead`, zeros, then the index.
fn company_prefixes(lead: u8, count: u32) -> CompanyPrefixes {
	let prefixes = (0..count)
		.map(|i| {
			let mut digits = vec![b'0'; MAX_COMPANY_PREFIX_LEN as usize];
			if let Some(first) = digits.first_mut() {
				*first = lead;
			}
			for (place, digit) in digits.iter_mut().rev().zip(format_digits(i)) {
				*place = digit;
			}
			CompanyPrefix::truncate_from(digits)
		})
		.collect();
	BoundedVec::truncate_from(prefixes)
}

/// The decimal digits of `n`, least significant first.
fn format_digits(mut n: u32) -> Vec<u8> {
	let mut out = vec![b'0' + (n % 10) as u8];
	while n >= 10 {
		n /= 10;
		out.push(b'0' + (n % 10) as u8);
	}
	out
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register() -> Result<(), BenchmarkError> {
		let origin = accreditation_origin::<T>()?;
		let admin: T::AccountId = account("admin", 0, SEED);
		fund::<T>(&admin);
		let admin_lookup = T::Lookup::unlookup(admin.clone());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, admin_lookup, roles(), credential(), metadata::<T>());

		let org = NextOrgId::<T>::get().saturating_sub(1);
		assert_eq!(AdminOffers::<T>::get(org), Some(admin));
		Ok(())
	}

	#[benchmark]
	fn set_roles() -> Result<(), BenchmarkError> {
		let origin = accreditation_origin::<T>()?;
		let (org, _) = organization::<T>()?;
		let new_roles: OrgRoles = role_set(&[OrgRole::Provider, OrgRole::Researcher]);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org, new_roles.clone());

		assert_eq!(Organizations::<T>::get(org).map(|o| o.roles), Some(new_roles));
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let origin = accreditation_origin::<T>()?;
		let (org, _) = organization::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);

		assert_eq!(Pallet::<T>::status(org), Some(OrgStatus::Suspended));
		Ok(())
	}

	#[benchmark]
	fn reinstate() -> Result<(), BenchmarkError> {
		let origin = accreditation_origin::<T>()?;
		let (org, _) = organization::<T>()?;
		Pallet::<T>::do_suspend(None, org)
			.map_err(|_| BenchmarkError::Stop("cannot suspend the benchmark organization"))?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);

		assert_eq!(Pallet::<T>::status(org), Some(OrgStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn revoke() -> Result<(), BenchmarkError> {
		let origin = accreditation_origin::<T>()?;
		let (org, admin) = organization::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);

		assert_eq!(Pallet::<T>::status(org), Some(OrgStatus::Revoked));
		let reason: T::RuntimeHoldReason = HoldReason::OrganizationDeposit.into();
		assert!(T::Currency::balance_on_hold(&reason, &admin) == 0u32.into());
		Ok(())
	}

	#[benchmark]
	fn add_member() -> Result<(), BenchmarkError> {
		let (org, admin) = organization::<T>()?;
		let who: T::AccountId = account("member", 0, SEED);
		let who_lookup = T::Lookup::unlookup(who.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), org, who_lookup, member_roles());

		assert!(Invitations::<T>::contains_key(org, &who));
		Ok(())
	}

	#[benchmark]
	fn remove_member() -> Result<(), BenchmarkError> {
		let (org, admin) = organization::<T>()?;
		let who = member::<T>(org, &admin, 0)?;
		let who_lookup = T::Lookup::unlookup(who.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), org, who_lookup);

		assert_eq!(MemberOf::<T>::get(&who), None);
		Ok(())
	}

	#[benchmark]
	fn set_member_roles() -> Result<(), BenchmarkError> {
		let (org, admin) = organization::<T>()?;
		let who = member::<T>(org, &admin, 0)?;
		Members::<T>::mutate(org, &who, |m| {
			if let Some(m) = m {
				m.roles = MemberRoles::new();
			}
		});
		let who_lookup = T::Lookup::unlookup(who.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), org, who_lookup, member_roles());

		assert_eq!(Pallet::<T>::member_roles(org, &who), Some(member_roles()));
		Ok(())
	}

	#[benchmark]
	fn transfer_admin() -> Result<(), BenchmarkError> {
		let (org, admin) = organization::<T>()?;
		let new_admin = member::<T>(org, &admin, 0)?;
		let new_admin_lookup = T::Lookup::unlookup(new_admin.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), org, new_admin_lookup);

		assert_eq!(AdminOffers::<T>::get(org), Some(new_admin));
		Ok(())
	}

	/// The offered admin accepts a registration: the organization comes into force, with a
	/// full history (the entry dropped is the worst case) and its deposit held.
	#[benchmark]
	fn accept_admin_registration() -> Result<(), BenchmarkError> {
		let admin: T::AccountId = account("admin", 0, SEED);
		fund::<T>(&admin);
		let org = offer::<T>(&admin)?;
		let entry = AccreditationRecord {
			who: None,
			block: frame_system::Pallet::<T>::block_number(),
			action: AccreditationAction::RolesSet(roles()),
		};
		History::<T>::insert(
			org,
			BoundedVec::truncate_from(vec![entry; T::MaxHistory::get() as usize]),
		);

		#[block]
		{
			Pallet::<T>::accept_admin(RawOrigin::Signed(admin.clone()).into(), org)?;
		}

		assert!(Pallet::<T>::is_admin(org, &admin));
		Ok(())
	}

	/// The offered member accepts a handover: both kinds of deposit held (members and pending
	/// invitations), so both holds move.
	#[benchmark]
	fn accept_admin_transfer() -> Result<(), BenchmarkError> {
		let (org, admin) = organization::<T>()?;
		let new_admin = member::<T>(org, &admin, 0)?;
		invite::<T>(org, &admin, &account("invited", 0, SEED))?;
		fund::<T>(&new_admin);
		Pallet::<T>::do_offer_admin(admin, org, new_admin.clone())
			.map_err(|_| BenchmarkError::Stop("cannot offer the admin role"))?;

		#[block]
		{
			Pallet::<T>::accept_admin(RawOrigin::Signed(new_admin.clone()).into(), org)?;
		}

		assert!(Pallet::<T>::is_admin(org, &new_admin));
		Ok(())
	}

	/// A registration declined: the offer and the pending registration go.
	#[benchmark]
	fn decline_admin() -> Result<(), BenchmarkError> {
		let admin: T::AccountId = account("admin", 0, SEED);
		let org = offer::<T>(&admin)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), org);

		assert!(!PendingRegistrations::<T>::contains_key(org));
		Ok(())
	}

	/// A registration withdrawn by the accreditation origin in its worst case.
	#[benchmark]
	fn withdraw_admin_offer() -> Result<(), BenchmarkError> {
		let origin = accreditation_origin::<T>()?;
		let admin: T::AccountId = account("admin", 0, SEED);
		let org = offer::<T>(&admin)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);

		assert!(!AdminOffers::<T>::contains_key(org));
		Ok(())
	}

	#[benchmark]
	fn accept_membership() -> Result<(), BenchmarkError> {
		let (org, admin) = organization::<T>()?;
		let who: T::AccountId = account("member", 0, SEED);
		invite::<T>(org, &admin, &who)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), org);

		assert_eq!(MemberOf::<T>::get(&who), Some(org));
		Ok(())
	}

	#[benchmark]
	fn decline_membership() -> Result<(), BenchmarkError> {
		let (org, admin) = organization::<T>()?;
		let who: T::AccountId = account("member", 0, SEED);
		invite::<T>(org, &admin, &who)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), org);

		assert!(!Invitations::<T>::contains_key(org, &who));
		Ok(())
	}

	#[benchmark]
	fn withdraw_invitation() -> Result<(), BenchmarkError> {
		let (org, admin) = organization::<T>()?;
		let who: T::AccountId = account("member", 0, SEED);
		invite::<T>(org, &admin, &who)?;
		let who_lookup = T::Lookup::unlookup(who.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), org, who_lookup);

		assert!(!Invitations::<T>::contains_key(org, &who));
		Ok(())
	}

	#[benchmark]
	fn set_metadata() -> Result<(), BenchmarkError> {
		let (org, admin) = organization::<T>()?;
		let new_metadata: MetadataOf<T> =
			BoundedVec::truncate_from(vec![b'n'; T::MaxMetadataLen::get() as usize]);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), org, new_metadata.clone());

		assert_eq!(Organizations::<T>::get(org).map(|o| o.metadata), Some(new_metadata));
		Ok(())
	}

	#[benchmark]
	fn leave() -> Result<(), BenchmarkError> {
		let (org, admin) = organization::<T>()?;
		let who = member::<T>(org, &admin, 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert_eq!(MemberOf::<T>::get(&who), None);
		Ok(())
	}

	/// Replaces a full list of the longest prefixes (each withdrawn) by `n` new ones of the
	/// longest kind (each checked against every shorter prefix and indexed).
	#[benchmark]
	fn set_company_prefixes(n: Linear<0, { MAX_COMPANY_PREFIXES }>) -> Result<(), BenchmarkError> {
		let origin = accreditation_origin::<T>()?;
		let (org, _) = organization::<T>()?;
		Pallet::<T>::replace_company_prefixes(org, &company_prefixes(b'1', MAX_COMPANY_PREFIXES))
			.map_err(|_| BenchmarkError::Stop("cannot give the benchmark prefixes"))?;
		let new = company_prefixes(b'9', n);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org, new.clone());

		assert_eq!(CompanyPrefixesOf::<T>::get(org), new);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
