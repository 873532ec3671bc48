//! Benchmarks for the key directory, each call in its worst case: a first publication (which
//! holds the deposit; a replacement only rewrites the entry) and a removal that releases it.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::{InspectHold, Mutate};
use frame_system::RawOrigin;
use sp_runtime::traits::Zero;

/// A valid X25519 public key: RFC 7748's Alice public key (section 6.1).
const KEY: X25519PublicKey = [
	0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d, 0xdc, 0xb4, 0x3e, 0xf7, 0x5a,
	0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38, 0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a,
];

/// A funded caller, whitelisted as a transaction's signer is.
fn caller<T: Config>() -> T::AccountId {
	let who: T::AccountId = whitelisted_caller();
	T::Currency::set_balance(&who, Pallet::<T>::funds_to_publish());
	who
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The first publication: the entry is new and the deposit is held.
	#[benchmark]
	fn publish_key() {
		let who = caller::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), KEY);

		assert_eq!(Keys::<T>::get(&who).map(|entry| entry.version), Some(1));
	}

	/// A removal: the entry is deleted and the deposit released.
	#[benchmark]
	fn remove_key() -> Result<(), BenchmarkError> {
		let who = caller::<T>();
		Pallet::<T>::do_publish_key(who.clone(), KEY)
			.map_err(|_| BenchmarkError::Stop("cannot publish the benchmark key"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(Keys::<T>::get(&who).is_none());
		assert!(T::Currency::balance_on_hold(&HoldReason::KeyDeposit.into(), &who).is_zero());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
