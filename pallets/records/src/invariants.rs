//! Storage invariants, checked by `try_state` and after every test.

use crate::{pallet::*, types::*};
use frame_support::{ensure, traits::Get};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks the storage invariants: indexes agree with the records, version links are
	/// symmetric and chains consistent, erased records keep nothing erasable (no body, no
	/// index entry, no keys), and the key index by grant agrees with the stored keys.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next_id = NextRecordId::<T>::get();
		let mut live = 0usize;
		for (id, record) in Records::<T>::iter() {
			ensure!(record.id == id, "a record is stored under another id");
			ensure!(id < next_id, "a record id is not below NextRecordId");
			ensure!(
				record.version >= 1 && record.version <= T::MaxVersions::get(),
				"a version number is out of range"
			);
			ensure!(record.erased == record.body.is_none(), "erased differs from no body");
			// Every live record has its own index entry and the index holds no more entries
			// than there are live records (checked below), so no erased record is indexed.
			match &record.body {
				None => {},
				Some(body) => {
					live = live.saturating_add(1);
					ensure!(
						RecordsByPatient::<T>::get(&body.patient, id) == Some(body.category),
						"the patient index disagrees with a record"
					);
					ensure!(!body.locator.is_empty(), "a live record has an empty locator");
					if body.custodian.is_none() {
						ensure!(
							!matches!(
								record.status,
								RecordStatus::Pending | RecordStatus::Disputed
							),
							"a patient upload awaits acknowledgement"
						);
						ensure!(!body.erasure_requested, "a patient upload has an erasure request");
					}
					if record.status == RecordStatus::Disputed {
						ensure!(body.dispute_reason.is_some(), "a disputed record has no reason");
					}
				},
			}
			match record.replaces {
				None => {
					ensure!(record.version == 1, "a first version is not number 1");
					ensure!(record.chain == id, "a first version is not its own chain");
				},
				Some(previous_id) => {
					let previous =
						Records::<T>::get(previous_id).ok_or("replaces a missing record")?;
					ensure!(previous.replaced_by == Some(id), "version links are not symmetric");
					ensure!(
						previous.version.saturating_add(1) == record.version,
						"version numbers do not follow"
					);
					ensure!(record.chain == previous.chain, "a version left its chain");
					if let (Some(a), Some(b)) = (&previous.body, &record.body) {
						ensure!(
							a.patient == b.patient && a.custodian == b.custodian,
							"versions of a chain differ in patient or custodian"
						);
						ensure!(
							a.blind_facts() == b.blind_facts(),
							"versions of a chain differ in their blind facts"
						);
					}
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
			RecordsByPatient::<T>::iter().count() == live,
			"the patient index has entries without live records"
		);
		for (id, count) in KeyCount::<T>::iter() {
			ensure!(count > 0, "a zero key count is stored");
			ensure!(Records::<T>::contains_key(id), "a key count for a missing record");
		}
		for (id, grantee, entry) in WrappedKeys::<T>::iter() {
			let record = Records::<T>::get(id).ok_or("a key for a missing record")?;
			let body = record.body.ok_or("a key for an erased record")?;
			match entry.grant {
				None => ensure!(grantee == body.patient, "a key without grant for a non-patient"),
				Some(grant) => ensure!(
					KeysByGrant::<T>::contains_key((grant, id, grantee)),
					"a key is missing from its grant's index"
				),
			}
		}
		for ((grant, id, grantee), ()) in KeysByGrant::<T>::iter() {
			ensure!(
				WrappedKeys::<T>::get(id, grantee).is_some_and(|e| e.grant == Some(grant)),
				"a grant index names a key not stored under that grant"
			);
		}
		Ok(())
	}
}
