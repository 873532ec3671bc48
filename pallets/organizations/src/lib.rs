//! # Organizations pallet
//!
//! Accredited Healthchain participants: their roles, credentials, status and staff.
//!
//! ## Overview
//!
//! Every other Healthchain pallet asks "may this account act as a hospital, manufacturer,
//! pharmacy or regulator right now?". This pallet answers it through
//! [`healthchain_primitives::OrganizationsInspect`], and a suspension answers it "no" in every
//! pallet at once.
//!
//! An accreditation authority ([`Config::AccreditationOrigin`]: Root, or in the Healthchain
//! runtime also the admin of an active regulator, see [`EnsureRootOrRegulator`]) registers an
//! organization with its roles and a reference to its licence, and may later change its roles,
//! suspend, reinstate or revoke it. The organization's admin manages its members: accounts that
//! act for the organization, each with member roles.
//!
//! ## Terminology
//!
//! - **Organization**: an accredited legal entity (hospital, research institute, manufacturer,
//!   wholesaler, pharmacy, regulator, payer, 3PL), with an [`OrgId`] assigned in order from 0.
//! - **Organization role** ([`OrgRole`]): what the organization is accredited to do.
//! - **Credential** ([`Credential`]): the hash of the licence or registration document and the
//!   code of the authority that issued it (a GS1 company prefix, a GLN or a register's code).
//!   Never the document, never personal data.
//! - **Admin**: the account that manages an organization's members. It is also a member.
//! - **Member** and **member role** ([`MemberRole`]): an account acting for an organization and
//!   what it may do there. An account belongs to at most one organization.
//! - **Status** ([`OrgStatus`]): `Active` organizations may act; `Suspended` ones may not until
//!   reinstated; `Revoked` is final. Members keep their membership while their organization is
//!   suspended or revoked, but other pallets refuse them because the organization is not active.
//! - **GS1 company prefix** ([`CompanyPrefix`]): 4 to 12 digits that GS1 licenses to a company;
//!   every GTIN it allocates starts with it after the indicator digit, every SSCC after the
//!   extension digit. The supply chain accepts a product or a logistic unit only under a prefix
//!   its organization holds. A prefix has one holder, and no held prefix starts with another.
//!
//! ## Calls
//!
//! By the accreditation origin ([`Config::AccreditationOrigin`]):
//! - [`Pallet::register`], [`Pallet::set_roles`], [`Pallet::suspend`], [`Pallet::reinstate`],
//!   [`Pallet::revoke`], [`Pallet::set_company_prefixes`].
//!
//! A regulator (a signed accreditation origin) may not register, change, suspend, reinstate,
//! revoke or set the company prefixes of an organization that holds or would hold the
//! `Regulator` role: regulators are governed by Root only. So a regulator cannot act on its own
//! organization, cannot make new regulators and cannot take the last regulator away; Root
//! always can.
//!
//! - [`Pallet::withdraw_admin_offer`] of a registration not yet accepted.
//!
//! By an organization's admin:
//! - [`Pallet::add_member`] (an invitation), [`Pallet::withdraw_invitation`],
//!   [`Pallet::remove_member`], [`Pallet::set_member_roles`], [`Pallet::transfer_admin`] (an
//!   offer), [`Pallet::withdraw_admin_offer`] of that offer, [`Pallet::set_metadata`].
//!
//! By the account offered an admin role (at registration or in a handover):
//! - [`Pallet::accept_admin`], [`Pallet::decline_admin`].
//!
//! By an account invited to join:
//! - [`Pallet::accept_membership`], [`Pallet::decline_membership`].
//!
//! By a member:
//! - [`Pallet::leave`].
//!
//! ## Consent of the accounts bound
//!
//! No account becomes an admin or a member without signing for it. [`Pallet::register`]
//! offers the admin role: the organization's id is taken, but the organization comes into force
//! (active, the account its admin and first member, the organization deposit held from it) only
//! when the account calls [`Pallet::accept_admin`]. Until then every other call on that id fails
//! with [`Error::AdminNotAccepted`], and no other pallet sees the organization; a declined or
//! withdrawn registration is dropped and its id stays unused. [`Pallet::add_member`] invites:
//! the member deposit is held from the admin at once, and the account becomes a member when it
//! calls [`Pallet::accept_membership`]; members plus pending invitations stay within
//! [`Config::MaxMembers`], and at most [`Config::MaxInvitations`] are pending per organization.
//! [`Pallet::transfer_admin`] offers the admin role to a member (one offer at a time), which
//! moves when that member calls [`Pallet::accept_admin`]; the offer lapses if the member goes.
//! Organizations and members created at genesis are accepted already: genesis is the founding
//! act of the chain's operators.
//!
//! ## Deposits
//!
//! All deposits of an organization are held from its current admin:
//! [`Config::OrganizationDeposit`] when the admin accepts the registration and
//! [`Config::MemberDeposit`] for each invitation (it becomes the member's deposit on
//! acceptance). A member's deposit is released when the member is removed or leaves, an
//! invitation's when it is declined or withdrawn; the organization deposit is released when the
//! organization is revoked (its record stays as the chain's audit record). An accepted handover
//! moves every held deposit, still on hold, to the new admin, whose account must exist. Organizations created at genesis hold no deposits. An
//! admin's account stays bound to its organization, even after revocation.
//!
//! ## Example
//!
//! From the tests: Root accredits a hospital, its admin accepts, invites a clinician who
//! accepts, and a suspension takes the clinician's powers away everywhere.
//!
//! ```ignore
//! assert_ok!(Organizations::register(
//!     RuntimeOrigin::root(),
//!     HOSPITAL_ADMIN,
//!     role_set(&[OrgRole::Provider]),
//!     credential(b"0614141000005"),
//!     metadata(b"ipfs://hospital"),
//! ));
//! assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(HOSPITAL_ADMIN), 0));
//! assert_ok!(Organizations::add_member(
//!     RuntimeOrigin::signed(HOSPITAL_ADMIN),
//!     0,
//!     CLINICIAN,
//!     role_set(&[MemberRole::Clinician]),
//! ));
//! assert_ok!(Organizations::accept_membership(RuntimeOrigin::signed(CLINICIAN), 0));
//! assert_eq!(Organizations::acting_for(&CLINICIAN, OrgRole::Provider), Some(0));
//! assert_ok!(Organizations::suspend(RuntimeOrigin::root(), 0));
//! assert_eq!(Organizations::acting_for(&CLINICIAN, OrgRole::Provider), None);
//! ```

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use healthchain_primitives::{MemberRole, MemberRoles, OrgId, OrgRole, OrgRoles, OrgStatus};
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::EnsureOrigin;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::StaticLookup;

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;
	/// An organization's metadata pointer.
	pub type MetadataOf<T> = BoundedVec<u8, <T as Config>::MaxMetadataLen>;
	/// An organization as stored.
	pub type OrganizationOf<T> = Organization<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		MetadataOf<T>,
	>;
	/// A membership as stored.
	pub type MembershipOf<T> = Membership<BalanceOf<T>>;
	/// A pending invitation as stored.
	pub type InvitationOf<T> = Invitation<BalanceOf<T>>;
	/// An organization's pending invitations, counted, as stored.
	pub type InvitationTallyOf<T> = InvitationTally<BalanceOf<T>>;
	/// A registration waiting for its admin's acceptance, as stored.
	pub type PendingRegistrationOf<T> =
		PendingRegistration<<T as frame_system::Config>::AccountId, MetadataOf<T>>;
	/// One accreditation history entry as stored.
	pub type AccreditationRecordOf<T> =
		AccreditationRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// An organization's accreditation history as stored.
	pub type HistoryOf<T> = BoundedVec<AccreditationRecordOf<T>, <T as Config>::MaxHistory>;
	pub(crate) type AccountIdLookupOf<T> =
		<<T as frame_system::Config>::Lookup as StaticLookup>::Source;

	/// The storage layout version; 1 is the first release.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency in which deposits are held.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reason, which includes this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Who may register, change, suspend, reinstate and revoke organizations. `Success` is
		/// `None` for Root and `Some(account)` for a signed authority, which may not touch
		/// organizations holding the `Regulator` role. [`EnsureRootOrRegulator`] is the usual
		/// choice.
		type AccreditationOrigin: EnsureOrigin<
			Self::RuntimeOrigin,
			Success = Option<Self::AccountId>,
		>;

		/// Deposit held from the admin on registration, for the organization's record and
		/// history.
		#[pallet::constant]
		type OrganizationDeposit: Get<BalanceOf<Self>>;

		/// Deposit held from the admin for each member added.
		#[pallet::constant]
		type MemberDeposit: Get<BalanceOf<Self>>;

		/// Longest metadata pointer, in bytes.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;

		/// Most members an organization may have, its admin included.
		#[pallet::constant]
		type MaxMembers: Get<u32>;

		/// Most accreditation history entries kept per organization; the oldest is dropped when
		/// a new one does not fit.
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// Most invitations an organization may have pending at once (each holds a member
		/// deposit from the admin until it is accepted, declined or withdrawn).
		#[pallet::constant]
		type MaxInvitations: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The organization deposit, held from the admin.
		OrganizationDeposit,
		/// A member deposit, held from the admin.
		MemberDeposit,
	}

	/// Every organization ever registered, whatever its status.
	#[pallet::storage]
	pub type Organizations<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, OrganizationOf<T>, OptionQuery>;

	/// Each organization's accreditation history, oldest first.
	#[pallet::storage]
	pub type History<T: Config> = StorageMap<_, Twox64Concat, OrgId, HistoryOf<T>, ValueQuery>;

	/// The id the next organization will get.
	#[pallet::storage]
	pub type NextOrgId<T: Config> = StorageValue<_, OrgId, ValueQuery>;

	/// Members of each organization (its admin included) and their roles.
	#[pallet::storage]
	pub type Members<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OrgId,
		Blake2_128Concat,
		T::AccountId,
		MembershipOf<T>,
		OptionQuery,
	>;

	/// The organization each account belongs to (as admin or member).
	#[pallet::storage]
	pub type MemberOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, OrgId, OptionQuery>;

	/// The GS1 company prefixes each organization holds (none when absent).
	#[pallet::storage]
	pub type CompanyPrefixesOf<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, CompanyPrefixes, ValueQuery>;

	/// The organization holding each GS1 company prefix: the index that keeps a prefix with one
	/// organization.
	#[pallet::storage]
	pub type CompanyPrefixHolder<T: Config> =
		StorageMap<_, Blake2_128Concat, CompanyPrefix, OrgId, OptionQuery>;

	/// For each shorter prefix (of 4 digits or more) of the held company prefixes, how many
	/// held prefixes start with it: a prefix that would be the start of a held one is refused
	/// without reading every held prefix.
	#[pallet::storage]
	pub type CompanyPrefixesUnder<T: Config> =
		StorageMap<_, Blake2_128Concat, CompanyPrefix, u32, ValueQuery>;

	/// The account each organization's admin role is offered to, until it accepts, declines or
	/// the offer is withdrawn: the admin named at registration (the organization is then in
	/// [`PendingRegistrations`]) or the member the admin hands over to.
	#[pallet::storage]
	pub type AdminOffers<T: Config> = StorageMap<_, Twox64Concat, OrgId, T::AccountId, OptionQuery>;

	/// Registrations whose admin has not accepted yet. Their ids are taken; the organization
	/// exists (in [`Organizations`]) only once the admin accepts.
	#[pallet::storage]
	pub type PendingRegistrations<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, PendingRegistrationOf<T>, OptionQuery>;

	/// Pending invitations to join an organization, with the roles offered and the member
	/// deposit held from the admin for each.
	#[pallet::storage]
	pub type Invitations<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OrgId,
		Blake2_128Concat,
		T::AccountId,
		InvitationOf<T>,
		OptionQuery,
	>;

	/// How many invitations each organization has pending (at most
	/// [`Config::MaxInvitations`]) and the deposits they hold; absent when none.
	#[pallet::storage]
	pub type PendingInvitations<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, InvitationTallyOf<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Organizations accredited at genesis, active, with ids from 0 in this order. They hold
		/// no deposits. Building panics on an invalid entry.
		pub organizations: Vec<GenesisOrganization<T::AccountId>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for organization in &self.organizations {
				// A chain must not start with an accreditation it cannot honour.
				if let Err(error) = Pallet::<T>::genesis_organization(organization) {
					panic!(
						"invalid organizations genesis entry for admin {:?}: {:?}",
						organization.admin, error
					);
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An organization was registered and its admin role offered to `admin`; the
		/// organization comes into force when `admin` accepts ([`Event::Registered`]).
		RegistrationOffered {
			/// The id the organization will have.
			org: OrgId,
			/// The account offered the admin role.
			admin: T::AccountId,
			/// Its roles.
			roles: OrgRoles,
			/// Its licence reference.
			credential: Credential,
			/// Who accredited it (`None`: Root).
			accredited_by: Option<T::AccountId>,
		},
		/// The admin accepted: the organization is accredited and active.
		Registered {
			/// Its id.
			org: OrgId,
			/// Its admin.
			admin: T::AccountId,
			/// Its roles.
			roles: OrgRoles,
			/// Its licence reference.
			credential: Credential,
			/// Who accredited it (`None`: Root).
			accredited_by: Option<T::AccountId>,
			/// The deposit held from the admin.
			deposit: BalanceOf<T>,
		},
		/// An organization's roles were replaced.
		RolesSet {
			/// The organization.
			org: OrgId,
			/// Its new roles.
			roles: OrgRoles,
			/// Who decided (`None`: Root).
			by: Option<T::AccountId>,
		},
		/// An organization was suspended.
		Suspended {
			/// The organization.
			org: OrgId,
			/// Who decided (`None`: Root).
			by: Option<T::AccountId>,
		},
		/// A suspended organization was reinstated.
		Reinstated {
			/// The organization.
			org: OrgId,
			/// Who decided (`None`: Root).
			by: Option<T::AccountId>,
		},
		/// An organization's accreditation was revoked for good.
		Revoked {
			/// The organization.
			org: OrgId,
			/// Who decided (`None`: Root).
			by: Option<T::AccountId>,
			/// The organization deposit released to the admin.
			deposit_released: BalanceOf<T>,
		},
		/// The admin invited an account to join; it becomes a member when it accepts
		/// ([`Event::MemberAdded`]).
		MemberInvited {
			/// The organization.
			org: OrgId,
			/// The account invited.
			who: T::AccountId,
			/// The member roles offered.
			roles: MemberRoles,
			/// The member deposit held from the admin.
			deposit: BalanceOf<T>,
		},
		/// The invited account declined the invitation.
		InvitationDeclined {
			/// The organization.
			org: OrgId,
			/// The account that declined.
			who: T::AccountId,
			/// The deposit released to the admin.
			deposit_released: BalanceOf<T>,
		},
		/// The admin withdrew an invitation.
		InvitationWithdrawn {
			/// The organization.
			org: OrgId,
			/// The account no longer invited.
			who: T::AccountId,
			/// The deposit released to the admin.
			deposit_released: BalanceOf<T>,
		},
		/// An invited account accepted and is now a member.
		MemberAdded {
			/// The organization.
			org: OrgId,
			/// The new member.
			who: T::AccountId,
			/// Its member roles.
			roles: MemberRoles,
			/// The deposit held from the admin.
			deposit: BalanceOf<T>,
		},
		/// The admin removed a member.
		MemberRemoved {
			/// The organization.
			org: OrgId,
			/// The former member.
			who: T::AccountId,
			/// The member deposit released to the admin.
			deposit_released: BalanceOf<T>,
		},
		/// A member left its organization.
		MemberLeft {
			/// The organization.
			org: OrgId,
			/// The former member.
			who: T::AccountId,
			/// The member deposit released to the admin.
			deposit_released: BalanceOf<T>,
		},
		/// A member's roles were replaced.
		MemberRolesSet {
			/// The organization.
			org: OrgId,
			/// The member.
			who: T::AccountId,
			/// Its new member roles.
			roles: MemberRoles,
		},
		/// The admin offered the admin role to another member; it moves when that member
		/// accepts ([`Event::AdminTransferred`]).
		AdminOffered {
			/// The organization.
			org: OrgId,
			/// The current admin.
			admin: T::AccountId,
			/// The member offered the admin role.
			new_admin: T::AccountId,
		},
		/// The account offered an organization's admin role declined it. For a registration
		/// not yet accepted, the organization is not created and its id stays unused.
		AdminOfferDeclined {
			/// The organization.
			org: OrgId,
			/// The account that declined.
			who: T::AccountId,
		},
		/// An admin offer was withdrawn. For a registration not yet accepted, the organization
		/// is not created and its id stays unused.
		AdminOfferWithdrawn {
			/// The organization.
			org: OrgId,
			/// The account that was offered the admin role.
			who: T::AccountId,
			/// Who withdrew it: the admin (a handover), or the accreditation origin (a
			/// registration; `None`: Root).
			by: Option<T::AccountId>,
		},
		/// The member offered the admin role accepted: admin rights (and the held deposits)
		/// moved to it.
		AdminTransferred {
			/// The organization.
			org: OrgId,
			/// The former admin, still a member.
			old_admin: T::AccountId,
			/// The new admin.
			new_admin: T::AccountId,
			/// The deposits moved, still on hold, from the former to the new admin.
			deposits_moved: BalanceOf<T>,
		},
		/// An organization's metadata pointer was replaced.
		MetadataSet {
			/// The organization.
			org: OrgId,
			/// The new metadata pointer.
			metadata: MetadataOf<T>,
		},
		/// An organization's GS1 company prefixes were replaced.
		CompanyPrefixesSet {
			/// The organization.
			org: OrgId,
			/// Every prefix it holds now (empty: none).
			prefixes: CompanyPrefixes,
			/// Who decided (`None`: Root).
			by: Option<T::AccountId>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No organization has this id. Check the id with the `organization` query.
		UnknownOrganization,
		/// Only the organization's admin may do this. Sign with the admin account.
		NotAdmin,
		/// The account already belongs to an organization (as admin or member); an account
		/// belongs to at most one. It must leave or be removed from it first, or use another
		/// account.
		AlreadyInOrganization,
		/// The account is not a member of this organization. Add it first.
		NotMember,
		/// The admin cannot be removed and cannot leave. Transfer the admin rights to another
		/// member first.
		CannotRemoveAdmin,
		/// The organization has as many members as allowed (`MaxMembers`). Remove one first.
		TooManyMembers,
		/// The organization's accreditation is revoked for good: only removing members (to
		/// recover their deposits) and withdrawing its company prefixes are still possible.
		OrganizationRevoked,
		/// The organization is not active, so it cannot be suspended. Only an active
		/// organization can be suspended.
		NotActive,
		/// The organization is not suspended, so there is nothing to reinstate.
		NotSuspended,
		/// An organization must hold at least one role. Give at least one role, or revoke it.
		NoRoles,
		/// The credential's issuer code is empty, contains spaces or non-ASCII characters, or
		/// is a 13-digit GLN with a wrong check digit. Give the issuing authority's code as
		/// printed in its register.
		InvalidIssuerCode,
		/// Only Root may register, change, suspend, reinstate or revoke an organization that
		/// holds or would hold the `Regulator` role. Ask Root (governance) to do it.
		RegulatorRoleRequiresRoot,
		/// The admin cannot pay the deposit: their free balance, less the existential deposit,
		/// is below `OrganizationDeposit` (on registration) or `MemberDeposit` (when adding a
		/// member). Fund the admin account first.
		CannotPayDeposit,
		/// The new admin is the current admin already.
		AlreadyAdmin,
		/// The new admin's account cannot take over the held deposits: it must exist (hold at
		/// least the existential deposit) and have room for another hold. Fund it first.
		NewAdminCannotHold,
		/// Every organization id has been used. No organization can be registered any more.
		IdsExhausted,
		/// A company prefix is not 4 to 12 ASCII digits. Give each GS1 company prefix as the
		/// GS1 member organisation licensed it, without the indicator or extension digit.
		InvalidCompanyPrefix,
		/// A company prefix appears twice in the list. Give each prefix once.
		DuplicateCompanyPrefix,
		/// Another organization holds this company prefix. Withdraw it from that organization
		/// first (set its prefixes without it), e.g. when the licence moved with a sale.
		CompanyPrefixTaken,
		/// A company prefix starts with another prefix in the list or held by an organization,
		/// or is the start of one: the GTINs and SSCCs under the longer prefix would belong to
		/// two holders. GS1 company prefixes never overlap; check the digits given.
		CompanyPrefixOverlap,
		/// The organization's registration waits for its admin to accept the admin role
		/// (`accept_admin`); until then nothing can be done with it but accepting, declining or
		/// withdrawing the offer.
		AdminNotAccepted,
		/// The account is invited to this organization already. Wait for its answer, or
		/// withdraw the invitation first.
		AlreadyInvited,
		/// The account has no pending invitation to this organization. Ask its admin to invite
		/// it (`add_member`).
		NotInvited,
		/// The organization's admin role is offered to another account. Only that account may
		/// accept or decline it.
		NotOfferedAdmin,
		/// The organization's admin role is offered to nobody: there is nothing to accept,
		/// decline or withdraw.
		NoAdminOffer,
		/// The organization's admin role is offered to a member already. Withdraw that offer
		/// first (`withdraw_admin_offer`).
		AdminAlreadyOffered,
		/// The organization has as many invitations pending as allowed (`MaxInvitations`).
		/// Wait for answers or withdraw some first.
		TooManyInvitations,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxMembers::get() >= 1, "MaxMembers must leave room for the admin");
			assert!(T::MaxHistory::get() >= 1, "MaxHistory must keep at least one entry");
			assert!(T::MaxMetadataLen::get() >= 1, "MaxMetadataLen must allow a pointer");
			assert!(T::MaxInvitations::get() >= 1, "MaxInvitations must allow an invitation");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a new organization and offers its admin role to `admin`. The organization
		/// takes the next id at once but comes into force (active, with `admin` as its admin and
		/// first member without member roles) only when `admin` accepts with
		/// [`Pallet::accept_admin`]; `admin` may decline ([`Pallet::decline_admin`]) and the
		/// accreditation origin may withdraw the offer ([`Pallet::withdraw_admin_offer`]).
		/// Until then every other call on it fails with [`Error::AdminNotAccepted`].
		///
		/// - Origin: [`Config::AccreditationOrigin`]. A signed (regulator) origin may not give
		///   the `Regulator` role.
		/// - No deposit yet: [`Config::OrganizationDeposit`] is held from `admin` when it
		///   accepts.
		/// - Errors: [`Error::NoRoles`], [`Error::InvalidIssuerCode`],
		///   [`Error::RegulatorRoleRequiresRoot`], [`Error::AlreadyInOrganization`] (the admin
		///   belongs to an organization), [`Error::IdsExhausted`].
		/// - Emits: [`Event::RegistrationOffered`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register())]
		pub fn register(
			origin: OriginFor<T>,
			admin: AccountIdLookupOf<T>,
			roles: OrgRoles,
			credential: Credential,
			metadata: MetadataOf<T>,
		) -> DispatchResult {
			let by = T::AccreditationOrigin::ensure_origin(origin)?;
			let admin = T::Lookup::lookup(admin)?;
			Self::do_offer_registration(by, admin, roles, credential, metadata).map(|_| ())
		}

		/// Replaces the roles of organization `org` (suspended ones included).
		///
		/// - Origin: [`Config::AccreditationOrigin`]. A signed (regulator) origin may neither
		///   change an organization holding the `Regulator` role nor give that role.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::NoRoles`],
		///   [`Error::OrganizationRevoked`], [`Error::RegulatorRoleRequiresRoot`].
		/// - Emits: [`Event::RolesSet`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_roles())]
		pub fn set_roles(origin: OriginFor<T>, org: OrgId, roles: OrgRoles) -> DispatchResult {
			let by = T::AccreditationOrigin::ensure_origin(origin)?;
			Self::do_set_roles(by, org, roles)
		}

		/// Suspends an active organization: every pallet refuses it and its members until it
		/// is reinstated. Memberships stay.
		///
		/// - Origin: [`Config::AccreditationOrigin`]; a signed origin may not suspend an
		///   organization holding the `Regulator` role.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::NotActive`],
		///   [`Error::OrganizationRevoked`], [`Error::RegulatorRoleRequiresRoot`].
		/// - Emits: [`Event::Suspended`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			let by = T::AccreditationOrigin::ensure_origin(origin)?;
			Self::do_suspend(by, org)
		}

		/// Makes a suspended organization active again.
		///
		/// - Origin: [`Config::AccreditationOrigin`]; a signed origin may not reinstate an
		///   organization holding the `Regulator` role.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::NotSuspended`],
		///   [`Error::OrganizationRevoked`], [`Error::RegulatorRoleRequiresRoot`].
		/// - Emits: [`Event::Reinstated`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reinstate())]
		pub fn reinstate(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			let by = T::AccreditationOrigin::ensure_origin(origin)?;
			Self::do_reinstate(by, org)
		}

		/// Revokes an active or suspended organization's accreditation for good. Its record,
		/// history and memberships stay; the organization deposit is released to the admin,
		/// who can still remove members to recover their deposits.
		///
		/// - Origin: [`Config::AccreditationOrigin`]; a signed origin may not revoke an
		///   organization holding the `Regulator` role.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::OrganizationRevoked`],
		///   [`Error::RegulatorRoleRequiresRoot`].
		/// - Emits: [`Event::Revoked`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			let by = T::AccreditationOrigin::ensure_origin(origin)?;
			Self::do_revoke(by, org)
		}

		/// Invites `who` to join organization `org` with member `roles`. `who` becomes a member
		/// only when it accepts ([`Pallet::accept_membership`]); it may decline
		/// ([`Pallet::decline_membership`]) and the admin may withdraw the invitation
		/// ([`Pallet::withdraw_invitation`]). Works while the organization is suspended (the
		/// member can act once it is reinstated). Members and pending invitations together stay
		/// within [`Config::MaxMembers`].
		///
		/// - Origin: signed by the organization's admin.
		/// - Holds [`Config::MemberDeposit`] from the admin now; it becomes the member's deposit
		///   on acceptance and is released if the invitation is declined or withdrawn.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::AdminNotAccepted`],
		///   [`Error::NotAdmin`], [`Error::OrganizationRevoked`],
		///   [`Error::AlreadyInOrganization`], [`Error::AlreadyInvited`],
		///   [`Error::TooManyInvitations`], [`Error::TooManyMembers`],
		///   [`Error::CannotPayDeposit`].
		/// - Emits: [`Event::MemberInvited`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::add_member())]
		pub fn add_member(
			origin: OriginFor<T>,
			org: OrgId,
			who: AccountIdLookupOf<T>,
			roles: MemberRoles,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let who = T::Lookup::lookup(who)?;
			Self::do_invite(admin, org, who, roles)
		}

		/// Removes member `who` from organization `org` and releases its deposit to the admin.
		/// Also works for a revoked organization.
		///
		/// - Origin: signed by the organization's admin.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::NotAdmin`],
		///   [`Error::CannotRemoveAdmin`], [`Error::NotMember`].
		/// - Emits: [`Event::MemberRemoved`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_member())]
		pub fn remove_member(
			origin: OriginFor<T>,
			org: OrgId,
			who: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let who = T::Lookup::lookup(who)?;
			let released = Self::do_remove_member(Some(admin), org, &who)?;
			Self::deposit_event(Event::MemberRemoved { org, who, deposit_released: released });
			Ok(())
		}

		/// Replaces the member roles of `who` (the admin included) in organization `org`.
		///
		/// - Origin: signed by the organization's admin.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::NotAdmin`],
		///   [`Error::OrganizationRevoked`], [`Error::NotMember`].
		/// - Emits: [`Event::MemberRolesSet`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_member_roles())]
		pub fn set_member_roles(
			origin: OriginFor<T>,
			org: OrgId,
			who: AccountIdLookupOf<T>,
			roles: MemberRoles,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let who = T::Lookup::lookup(who)?;
			Self::do_set_member_roles(admin, org, who, roles)
		}

		/// Offers the admin role of organization `org` to member `new_admin`. The role (and
		/// every deposit held for the organization) moves only when `new_admin` accepts
		/// ([`Pallet::accept_admin`]); it may decline ([`Pallet::decline_admin`]) and the admin
		/// may withdraw the offer ([`Pallet::withdraw_admin_offer`]). One offer at a time.
		///
		/// - Origin: signed by the organization's admin.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::AdminNotAccepted`],
		///   [`Error::NotAdmin`], [`Error::OrganizationRevoked`], [`Error::AlreadyAdmin`],
		///   [`Error::NotMember`], [`Error::AdminAlreadyOffered`].
		/// - Emits: [`Event::AdminOffered`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::transfer_admin())]
		pub fn transfer_admin(
			origin: OriginFor<T>,
			org: OrgId,
			new_admin: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let new_admin = T::Lookup::lookup(new_admin)?;
			Self::do_offer_admin(admin, org, new_admin)
		}

		/// Replaces the metadata pointer of organization `org`.
		///
		/// - Origin: signed by the organization's admin.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::NotAdmin`],
		///   [`Error::OrganizationRevoked`].
		/// - Emits: [`Event::MetadataSet`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_metadata())]
		pub fn set_metadata(
			origin: OriginFor<T>,
			org: OrgId,
			metadata: MetadataOf<T>,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			Self::do_set_metadata(admin, org, metadata)
		}

		/// Replaces the GS1 company prefixes of organization `org` with `prefixes` (an empty
		/// list withdraws them all). Supply-chain pallets accept a product (GTIN) or a logistic
		/// unit (SSCC) from an organization only under a prefix it holds, so this decides which
		/// identifiers a company may issue. A prefix has one holder, and no held prefix starts
		/// with another; a prefix kept in the list stays where it is.
		///
		/// - Origin: [`Config::AccreditationOrigin`]; a signed (regulator) origin may not
		///   change an organization holding the `Regulator` role.
		/// - A revoked organization's prefixes may only be withdrawn (an empty list).
		/// - Errors: [`Error::UnknownOrganization`], [`Error::RegulatorRoleRequiresRoot`],
		///   [`Error::OrganizationRevoked`], [`Error::InvalidCompanyPrefix`],
		///   [`Error::DuplicateCompanyPrefix`], [`Error::CompanyPrefixOverlap`],
		///   [`Error::CompanyPrefixTaken`].
		/// - Emits: [`Event::CompanyPrefixesSet`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_company_prefixes(prefixes.len() as u32))]
		pub fn set_company_prefixes(
			origin: OriginFor<T>,
			org: OrgId,
			prefixes: CompanyPrefixes,
		) -> DispatchResult {
			let by = T::AccreditationOrigin::ensure_origin(origin)?;
			Self::do_set_company_prefixes(by, org, prefixes)
		}

		/// Leaves the caller's organization. The member deposit is released to the admin. An
		/// account added to an organization it does not work for can free itself this way.
		///
		/// - Origin: signed by a member that is not the admin.
		/// - Errors: [`Error::NotMember`], [`Error::CannotRemoveAdmin`].
		/// - Emits: [`Event::MemberLeft`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::leave())]
		pub fn leave(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let org = MemberOf::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
			let released = Self::do_remove_member(None, org, &who)?;
			Self::deposit_event(Event::MemberLeft { org, who, deposit_released: released });
			Ok(())
		}

		/// Accepts the admin role of organization `org`, offered to the caller.
		///
		/// For a registration ([`Pallet::register`]): the organization comes into force, active,
		/// with the caller as its admin and first member; [`Config::OrganizationDeposit`] is
		/// held from the caller. For a handover ([`Pallet::transfer_admin`]): the caller becomes
		/// the admin, the former admin stays a member with its member roles, and every deposit
		/// held for the organization (pending invitations' included) moves, still on hold, from
		/// the former to the new admin.
		///
		/// - Origin: signed by the account offered the admin role.
		/// - Errors: [`Error::NoAdminOffer`], [`Error::NotOfferedAdmin`]; for a registration
		///   [`Error::AlreadyInOrganization`], [`Error::CannotPayDeposit`]; for a handover
		///   [`Error::OrganizationRevoked`], [`Error::NotMember`] (the caller left or was
		///   removed meanwhile), [`Error::NewAdminCannotHold`] (the caller's account must
		///   exist); a token error if the former admin's held funds cannot move (e.g. frozen).
		/// - Emits: [`Event::Registered`] or [`Event::AdminTransferred`].
		#[pallet::call_index(12)]
		#[pallet::weight(
			T::WeightInfo::accept_admin_registration().max(T::WeightInfo::accept_admin_transfer())
		)]
		pub fn accept_admin(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_admin(who, org)
		}

		/// Declines the admin role of organization `org`, offered to the caller. A registration
		/// declined is dropped: the organization is never created and its id stays unused.
		///
		/// - Origin: signed by the account offered the admin role.
		/// - Errors: [`Error::NoAdminOffer`], [`Error::NotOfferedAdmin`].
		/// - Emits: [`Event::AdminOfferDeclined`].
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::decline_admin())]
		pub fn decline_admin(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_decline_admin(who, org)
		}

		/// Withdraws the offer of the admin role of organization `org`. A registration
		/// withdrawn is dropped: the organization is never created and its id stays unused.
		///
		/// - Origin: for a registration, [`Config::AccreditationOrigin`] (a signed regulator
		///   may not withdraw a registration giving the `Regulator` role); for a handover, signed
		///   by the organization's admin (also when the organization is revoked).
		/// - Errors: [`Error::NoAdminOffer`], [`Error::RegulatorRoleRequiresRoot`],
		///   [`Error::NotAdmin`]; `BadOrigin` for a registration withdrawn by an account that is
		///   no accreditation origin.
		/// - Emits: [`Event::AdminOfferWithdrawn`].
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::withdraw_admin_offer())]
		pub fn withdraw_admin_offer(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			let (accreditor, signer) = match T::AccreditationOrigin::try_origin(origin) {
				Ok(by) => (Some(by.clone()), by),
				Err(origin) => (None, Some(ensure_signed(origin)?)),
			};
			Self::do_withdraw_admin_offer(accreditor, signer, org)
		}

		/// Accepts the caller's invitation to organization `org` ([`Pallet::add_member`]): the
		/// caller becomes a member with the roles offered, and the member deposit held at the
		/// invitation becomes its membership's deposit. Works while the organization is
		/// suspended.
		///
		/// - Origin: signed by the account invited.
		/// - Errors: [`Error::NotInvited`], [`Error::OrganizationRevoked`],
		///   [`Error::AlreadyInOrganization`] (the caller joined another organization meanwhile:
		///   leave it first).
		/// - Emits: [`Event::MemberAdded`].
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::accept_membership())]
		pub fn accept_membership(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_membership(who, org)
		}

		/// Declines the caller's invitation to organization `org`. The member deposit held for
		/// it is released to the admin. Works whatever the organization's status.
		///
		/// - Origin: signed by the account invited.
		/// - Errors: [`Error::NotInvited`].
		/// - Emits: [`Event::InvitationDeclined`].
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::decline_membership())]
		pub fn decline_membership(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let released = Self::do_drop_invitation(None, org, &who)?;
			Self::deposit_event(Event::InvitationDeclined { org, who, deposit_released: released });
			Ok(())
		}

		/// Withdraws the invitation of `who` to organization `org`. The member deposit held for
		/// it is released to the admin. Also works for a revoked organization.
		///
		/// - Origin: signed by the organization's admin.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::AdminNotAccepted`],
		///   [`Error::NotAdmin`], [`Error::NotInvited`].
		/// - Emits: [`Event::InvitationWithdrawn`].
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::withdraw_invitation())]
		pub fn withdraw_invitation(
			origin: OriginFor<T>,
			org: OrgId,
			who: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let who = T::Lookup::lookup(who)?;
			let released = Self::do_drop_invitation(Some(admin), org, &who)?;
			Self::deposit_event(Event::InvitationWithdrawn {
				org,
				who,
				deposit_released: released,
			});
			Ok(())
		}
	}

	/// The queries, for clients (as view functions) and for the runtime API
	/// (`pallet-organizations-runtime-api`, whose methods call these).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The organization `org` with its accreditation history, or `None` if it does not
		/// exist.
		pub fn organization(org: OrgId) -> Option<OrganizationInfo<T::AccountId>> {
			Self::query_organization(org)
		}

		/// The organization of `who`, its member roles there and whether it is the admin, or
		/// `None` if `who` belongs to no organization.
		pub fn account_info(who: T::AccountId) -> Option<AccountInfo> {
			Self::query_account_info(&who)
		}

		/// Up to `limit` (at most [`MAX_PAGE`]) members of `org` with their roles, in
		/// storage order, starting after member `start_after` (from the first when `None`). To
		/// read the next page, pass the last account of this one.
		pub fn members(
			org: OrgId,
			start_after: Option<T::AccountId>,
			limit: u32,
		) -> Vec<(T::AccountId, MemberRoles)> {
			Self::query_members(org, start_after, limit)
		}

		/// The account the admin role of `org` is offered to (at registration or in a
		/// handover), or `None` when no offer is pending.
		pub fn admin_offer(org: OrgId) -> Option<T::AccountId> {
			AdminOffers::<T>::get(org)
		}

		/// The member roles `who` is invited to take in `org`, or `None` when it has no pending
		/// invitation there.
		pub fn invitation(org: OrgId, who: T::AccountId) -> Option<MemberRoles> {
			Invitations::<T>::get(org, who).map(|i| i.roles)
		}

		/// The GS1 company prefixes `org` holds, as ASCII digits.
		pub fn company_prefixes(org: OrgId) -> Vec<Vec<u8>> {
			CompanyPrefixesOf::<T>::get(org).into_iter().map(|p| p.into_inner()).collect()
		}

		/// The organization holding the company prefix that `key_digits` start with: the digits
		/// of a GS1 key after its first digit (a GTIN-14's indicator, an SSCC's extension
		/// digit). `None` when no organization holds one.
		pub fn company_prefix_holder(key_digits: Vec<u8>) -> Option<OrgId> {
			Self::query_company_prefix_holder(&key_digits)
		}
	}
}

/// Accreditation origin of the Healthchain runtime: Root (`Success = None`), or a signed
/// account that is the admin of an active organization holding the `Regulator` role
/// (`Success = Some(account)`).
pub struct EnsureRootOrRegulator<T>(core::marker::PhantomData<T>);

impl<T: Config> EnsureOrigin<T::RuntimeOrigin> for EnsureRootOrRegulator<T> {
	type Success = Option<T::AccountId>;

	fn try_origin(o: T::RuntimeOrigin) -> Result<Self::Success, T::RuntimeOrigin> {
		match o.clone().into() {
			Ok(frame_system::RawOrigin::Root) => Ok(None),
			Ok(frame_system::RawOrigin::Signed(who)) if Pallet::<T>::is_active_regulator(&who) => {
				Ok(Some(who))
			},
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<T::RuntimeOrigin, ()> {
		Ok(frame_system::RawOrigin::Root.into())
	}
}
