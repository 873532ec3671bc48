//! Test doubles of the cross-pallet traits, for pallets' mock runtimes (`std` only).
//!
//! [`MockOrganizations`] keeps its organizations in a thread-local table, so each test (each
//! test runs on its own thread) starts with none. Pallet tests set it up with
//! [`MockOrganizations::add`] and [`MockOrganizations::add_member`], and give organizations
//! GS1 company prefixes with [`MockOrganizations::set_company_prefixes`].

use crate::*;
use alloc::{collections::BTreeMap, vec::Vec};
use core::cell::RefCell;

#[derive(Clone)]
struct MockOrg {
	admin: u64,
	roles: OrgRoles,
	status: OrgStatus,
	members: BTreeMap<u64, MemberRoles>,
	company_prefixes: Vec<Vec<u8>>,
}

std::thread_local! {
	static ORGS: RefCell<BTreeMap<OrgId, MockOrg>> = const { RefCell::new(BTreeMap::new()) };
}

/// An [`OrganizationsInspect`] for mock runtimes whose `AccountId` is `u64`.
pub struct MockOrganizations;

impl MockOrganizations {
	/// Adds an active organization `org` administered by `admin` (also a member, no roles).
	pub fn add(org: OrgId, admin: u64, roles: &[OrgRole]) {
		ORGS.with(|orgs| {
			let mut members = BTreeMap::new();
			members.insert(admin, MemberRoles::new());
			orgs.borrow_mut().insert(
				org,
				MockOrg {
					admin,
					roles: role_set(roles),
					status: OrgStatus::Active,
					members,
					company_prefixes: Vec::new(),
				},
			);
		});
	}

	/// Makes `who` a member of `org` with `roles`. Does nothing if `org` does not exist.
	pub fn add_member(org: OrgId, who: u64, roles: &[MemberRole]) {
		ORGS.with(|orgs| {
			if let Some(o) = orgs.borrow_mut().get_mut(&org) {
				o.members.insert(who, role_set(roles));
			}
		});
	}

	/// Removes `who` from `org`.
	pub fn remove_member(org: OrgId, who: u64) {
		ORGS.with(|orgs| {
			if let Some(o) = orgs.borrow_mut().get_mut(&org) {
				o.members.remove(&who);
			}
		});
	}

	/// Sets the status of `org`.
	pub fn set_status(org: OrgId, status: OrgStatus) {
		ORGS.with(|orgs| {
			if let Some(o) = orgs.borrow_mut().get_mut(&org) {
				o.status = status;
			}
		});
	}

	/// Replaces the GS1 company prefixes of `org`, taking each from any other organization
	/// holding it (a prefix has one holder). Does nothing if `org` does not exist. Unlike
	/// `pallet-organizations`, it does not check the prefixes' form or overlaps.
	pub fn set_company_prefixes(org: OrgId, prefixes: &[&[u8]]) {
		ORGS.with(|orgs| {
			let mut orgs = orgs.borrow_mut();
			if !orgs.contains_key(&org) {
				return;
			}
			for o in orgs.values_mut() {
				o.company_prefixes.retain(|held| !prefixes.contains(&held.as_slice()));
			}
			if let Some(o) = orgs.get_mut(&org) {
				o.company_prefixes = prefixes.iter().map(|p| p.to_vec()).collect();
			}
		});
	}

	/// Forgets every organization.
	pub fn clear() {
		ORGS.with(|orgs| orgs.borrow_mut().clear());
	}

	fn with_org<R>(org: OrgId, f: impl FnOnce(&MockOrg) -> R) -> Option<R> {
		ORGS.with(|orgs| orgs.borrow().get(&org).map(f))
	}
}

impl OrganizationsInspect<u64> for MockOrganizations {
	fn organization_of(who: &u64) -> Option<OrgId> {
		ORGS.with(|orgs| {
			orgs.borrow().iter().find(|(_, o)| o.members.contains_key(who)).map(|(id, _)| *id)
		})
	}

	fn status(org: OrgId) -> Option<OrgStatus> {
		Self::with_org(org, |o| o.status)
	}

	fn holds_role(org: OrgId, role: OrgRole) -> bool {
		Self::with_org(org, |o| o.roles.contains(&role)).unwrap_or(false)
	}

	fn admin(org: OrgId) -> Option<u64> {
		Self::with_org(org, |o| o.admin)
	}

	fn member_roles(org: OrgId, who: &u64) -> Option<MemberRoles> {
		Self::with_org(org, |o| o.members.get(who).cloned()).flatten()
	}

	fn holds_company_prefix(org: OrgId, key_digits: &[u8]) -> bool {
		Self::with_org(org, |o| o.company_prefixes.iter().any(|p| key_digits.starts_with(p)))
			.unwrap_or(false)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_organization(admin: &u64, roles: &[OrgRole]) -> OrgId {
		let id = ORGS.with(|orgs| orgs.borrow().keys().last().map_or(1, |last| last + 1));
		Self::add(id, *admin, roles);
		id
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_member(org: OrgId, who: &u64, roles: &[MemberRole]) {
		Self::add_member(org, *who, roles);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_company_prefix(org: OrgId, prefix: &[u8]) {
		let mut held = Self::with_org(org, |o| o.company_prefixes.clone()).unwrap_or_default();
		if !held.iter().any(|p| p.as_slice() == prefix) {
			held.push(prefix.to_vec());
		}
		let held: Vec<&[u8]> = held.iter().map(|p| p.as_slice()).collect();
		Self::set_company_prefixes(org, &held);
	}
}
