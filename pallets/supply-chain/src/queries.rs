//! The read-only queries behind the view functions and the runtime API.

use crate::{gs1, pallet::*, types::*};
use alloc::{collections::BTreeSet, vec, vec::Vec};
use frame_support::traits::Get;
use healthchain_primitives::OrgId;

/// A pack's effective state: its own, or its top container's while inside one.
pub(crate) struct Effective {
	pub owner: OrgId,
	pub custodian: OrgId,
	pub status: PackStatus,
	pub top: Option<Sscc>,
}

impl<T: Config> Pallet<T> {
	/// The effective owner, custodian and status of `pack`, walking up its containers.
	pub(crate) fn effective(pack: &Pack) -> Effective {
		// Storage that `try_state` keeps consistent always has the chain; should a link be
		// missing, the pack's own (possibly stale) state is the best answer there is.
		match Self::ancestors(pack.parent).ok().and_then(|chain| chain.last().cloned()) {
			Some((sscc, top)) => Effective {
				owner: top.owner,
				custodian: top.custodian,
				status: match (pack.status, top.status) {
					(PackStatus::Active, top_status) => top_status,
					(own, _) => own,
				},
				top: Some(sscc),
			},
			None => Effective {
				owner: pack.owner,
				custodian: pack.custodian,
				status: pack.status,
				top: None,
			},
		}
	}

	pub(crate) fn query_verify(
		gtin: Gtin,
		serial: Serial,
		lot: LotNumber,
		expiry: ExpiryDate,
	) -> VerificationResponse {
		let mut response = VerificationResponse {
			verified: false,
			failure_reason: Some(FailureReason::NoMatchGtinSerial),
			additional_info: Vec::new(),
			sellable: false,
			holder: None,
			owner: None,
		};
		let Some(pack) = Packs::<T>::get(gtin, &serial) else { return response };
		let Some(info) = Lots::<T>::get(gtin, &pack.lot) else { return response };
		let now = Self::now();
		// Compared as dates: `280200` and `280229` are the same day.
		let same_expiry = gs1::same_expiry(&info.expiry, &expiry, now);
		response.failure_reason = match (pack.lot == lot, same_expiry) {
			(true, true) => None,
			(false, true) => Some(FailureReason::NoMatchGtinSerialLot),
			(true, false) => Some(FailureReason::NoMatchGtinSerialExpiry),
			(false, false) => Some(FailureReason::NoMatchGtinSerialLotExpiry),
		};
		if response.failure_reason.is_some() {
			return response;
		}
		let effective = Self::effective(&pack);
		let mut additional = Vec::new();
		if now >= info.expires_at {
			additional.push(AdditionalInfo::Expired);
		}
		if info.recall.is_some() {
			additional.push(AdditionalInfo::Recalled);
		}
		if DeactivatedProducts::<T>::contains_key(gtin) {
			additional.push(AdditionalInfo::ProductDeactivated);
		}
		match pack.alert {
			Some(AlertKind::Suspect) => additional.push(AdditionalInfo::Suspect),
			Some(AlertKind::Illegitimate) => additional.push(AdditionalInfo::Illegitimate),
			None => {},
		}
		match effective.status {
			PackStatus::Active => {},
			PackStatus::InTransit(_) => additional.push(AdditionalInfo::InTransit),
			PackStatus::Dispensed => additional.push(AdditionalInfo::Dispensed),
			PackStatus::Decommissioned(reason) => {
				additional.push(AdditionalInfo::Decommissioned(reason))
			},
		}
		response.verified = true;
		response.sellable = additional.is_empty();
		response.additional_info = additional;
		response.holder = Some(effective.custodian);
		response.owner = Some(effective.owner);
		response
	}

	pub(crate) fn query_pack_state(gtin: Gtin, serial: Serial) -> Option<PackState> {
		let pack = Packs::<T>::get(gtin, &serial)?;
		let info = Lots::<T>::get(gtin, &pack.lot);
		let effective = Self::effective(&pack);
		Some(PackState {
			owner: effective.owner,
			custodian: effective.custodian,
			status: effective.status,
			top_container: effective.top,
			recalled: info.as_ref().is_some_and(|l| l.recall.is_some()),
			expired: info.as_ref().is_some_and(|l| Self::now() >= l.expires_at),
			alert: PackAlerts::<T>::get(gtin, &serial),
			pack,
		})
	}

	pub(crate) fn query_container(sscc: Sscc) -> Option<Container<Vec<LotCount>>> {
		let c = Containers::<T>::get(sscc)?;
		Some(Container {
			kind: c.kind,
			owner: c.owner,
			custodian: c.custodian,
			parent: c.parent,
			children: c.children,
			height: c.height,
			status: c.status,
			lots: c.lots.into_inner(),
			alerts: c.alerts,
			created_at: c.created_at,
		})
	}

	pub(crate) fn query_container_contents(
		sscc: Sscc,
		start_after: Option<Unit>,
		limit: u32,
	) -> Vec<Unit> {
		let limit = limit.min(T::MaxContainerSize::get()) as usize;
		match start_after {
			Some(unit) => ContainerContents::<T>::iter_key_prefix_from(
				sscc,
				ContainerContents::<T>::hashed_key_for(sscc, unit),
			)
			.take(limit)
			.collect(),
			None => ContainerContents::<T>::iter_key_prefix(sscc).take(limit).collect(),
		}
	}

	pub(crate) fn query_shipment(id: ShipmentId) -> Option<Shipment<Vec<Unit>>> {
		let s = Shipments::<T>::get(id)?;
		Some(Shipment {
			from: s.from,
			to: s.to,
			units: s.units.into_inner(),
			ti_hash: s.ti_hash,
			transfer_ownership: s.transfer_ownership,
			status: s.status,
			created_at: s.created_at,
		})
	}

	/// How many container histories one trace may read: bounds the cost of a trace (and of
	/// `declare_illegitimate`, which walks it and refuses when the budget runs out).
	pub(crate) fn trace_budget() -> u32 {
		T::MaxHistory::get()
	}

	pub(crate) fn query_trace(gtin: Gtin, serial: Serial) -> Option<Vec<TraceEntry>> {
		let pack = Packs::<T>::get(gtin, &serial)?;
		let manufacturer = LotManufacturers::<T>::get(gtin, &pack.lot)
			.or_else(|| Products::<T>::get(gtin).map(|p| p.manufacturer))
			.unwrap_or(pack.owner);
		let unit = Unit::Pack(gtin, serial);
		let mut out = vec![TraceEntry {
			seq: 0,
			at: pack.commissioned_at,
			unit: unit.clone(),
			step: TraceStep::Commissioned { manufacturer },
		}];
		let mut budget = Self::trace_budget();
		Self::collect_trace(&unit, 0, Seq::MAX, 0, &mut out, &mut budget);
		if let Some(recall) = Lots::<T>::get(gtin, &pack.lot).and_then(|l| l.recall) {
			out.push(TraceEntry {
				seq: recall.seq,
				at: recall.at,
				unit,
				step: TraceStep::LotRecalled { by: recall.by, reason: recall.reason },
			});
		}
		// Stable: entries of one call (same `seq`) keep the outer unit first.
		out.sort_by_key(|entry| entry.seq);
		Some(out)
	}

	/// Adds the steps of `unit` recorded strictly between `after` and `before`, and, for each
	/// period it spent inside a container, that container's steps of the period.
	fn collect_trace(
		unit: &Unit,
		after: Seq,
		before: Seq,
		depth: u32,
		out: &mut Vec<TraceEntry>,
		budget: &mut u32,
	) {
		let history = History::<T>::get(unit);
		let dropped = HistoryDropped::<T>::get(unit);
		if dropped > 0 && history.first().is_some_and(|first| first.seq > after) {
			out.push(TraceEntry {
				seq: after,
				at: history.first().map_or(0, |first| first.at),
				unit: unit.clone(),
				step: TraceStep::EarlierHistoryDropped { count: dropped },
			});
		}
		for (index, entry) in history.iter().enumerate() {
			if entry.seq <= after || entry.seq >= before {
				continue;
			}
			out.push(TraceEntry {
				seq: entry.seq,
				at: entry.at,
				unit: unit.clone(),
				step: TraceStep::Recorded(entry.step.clone()),
			});
			let Step::Packed { into } = entry.step else { continue };
			let until = history
				.iter()
				.skip(index.saturating_add(1))
				.find(|later| matches!(later.step, Step::Unpacked { from } if from == into))
				.map_or(before, |later| later.seq.min(before));
			if depth < T::MaxNestingDepth::get() && *budget > 0 {
				*budget -= 1;
				Self::collect_trace(
					&Unit::Container(into),
					entry.seq,
					until,
					depth.saturating_add(1),
					out,
					budget,
				);
			} else {
				out.push(TraceEntry {
					seq: entry.seq,
					at: entry.at,
					unit: Unit::Container(into),
					step: TraceStep::Incomplete,
				});
			}
		}
	}

	/// Every organization that held, owned or was sent the pack, as its trace shows, and its
	/// current holder and owner; `None` when the trace cannot show them all: older history
	/// entries were dropped, or the trace budget ran out before every container's history was
	/// read.
	pub(crate) fn holders_of(gtin: Gtin, serial: &Serial) -> Option<BTreeSet<OrgId>> {
		let mut orgs = BTreeSet::new();
		if let Some(pack) = Packs::<T>::get(gtin, serial) {
			let effective = Self::effective(&pack);
			orgs.insert(effective.owner);
			orgs.insert(effective.custodian);
		}
		for entry in Self::query_trace(gtin, serial.clone()).unwrap_or_default() {
			match entry.step {
				TraceStep::Incomplete | TraceStep::EarlierHistoryDropped { .. } => return None,
				TraceStep::Commissioned { manufacturer } => {
					orgs.insert(manufacturer);
				},
				TraceStep::Recorded(Step::Shipped { from, to, .. })
				| TraceStep::Recorded(Step::OwnershipTransferred { from, to, .. }) => {
					orgs.insert(from);
					orgs.insert(to);
				},
				TraceStep::Recorded(Step::Received { custodian, owner, .. }) => {
					orgs.insert(custodian);
					orgs.insert(owner);
				},
				_ => {},
			}
		}
		Some(orgs)
	}
}
