//! A transaction's overhead is charged once. `benchmark overhead` times a block of signed
//! `System::remark`s, so its figure (`weights::extrinsic_weights`) already includes running every
//! transaction extension; each extension is also charged its own measured weight on top of the
//! base. The base must leave out what the extensions charge for themselves.

use super::tx_extension;
use crate::{
	configs::RuntimeBlockWeights, weights, Address, RuntimeCall, Signature, UncheckedExtrinsic,
};
use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
use sp_keyring::Sr25519Keyring;

/// The database reads and writes the extensions declare for a transaction: `CheckNonce` and
/// `ChargeTransactionPayment` each read and write the sender's `System::Account`.
const EXTENSION_READS: u64 = 2;
const EXTENSION_WRITES: u64 = 2;

#[test]
fn a_signed_remark_is_charged_the_measured_overhead_once() {
	sp_io::TestExternalities::default().execute_with(|| {
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
		// The weight does not depend on the signature's bytes.
		let signature = Signature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64]));
		let alice = Address::Id(Sr25519Keyring::Alice.to_account_id());
		let xt = UncheckedExtrinsic::new_signed(remark, alice, signature, tx_extension(0));
		let info = xt.get_dispatch_info();
		let base = RuntimeBlockWeights::get().get(DispatchClass::Normal).base_extrinsic;
		let charged = base.saturating_add(info.extension_weight).ref_time();

		// What the overhead block ran, plus the storage the extensions declare: the block ran in
		// memory, so it never paid the database, which the extensions' weights price on top.
		let measured = weights::extrinsic_weights::ExtrinsicBaseWeight::get();
		let storage = <crate::Runtime as frame_system::Config>::DbWeight::get()
			.reads_writes(EXTENSION_READS, EXTENSION_WRITES);
		let expected = measured.saturating_add(storage).ref_time();
		assert_eq!(
			charged,
			expected,
			"a signed remark's overhead is charged {} µs, the measurement says {} µs",
			charged / 1_000_000,
			expected / 1_000_000
		);
	});
}
