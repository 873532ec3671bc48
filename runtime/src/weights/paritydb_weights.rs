// Measured on Intel(R) Xeon(R) Processor (2 cores, 23 GiB); see scripts/benchmark.sh.

//! THIS FILE WAS AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI VERSION 64.0.0
//! DATE: 2026-12-03 (Y/M/D)
//! HOSTNAME: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//!
//! DATABASE: `ParityDb`, RUNTIME: `Healthchain Development`
//! BLOCK-NUM: `Number(95)`
//! SKIP-WRITE: `false`, SKIP-READ: `false`, WARMUPS: `2`
//! STATE-VERSION: `V1`, STATE-CACHE-SIZE: ``
//! WEIGHT-PATH: `runtime/src/weights`
//! METRIC: `Average`, WEIGHT-MUL: `1.0`, WEIGHT-ADD: `0`

// Executed Command:
//   /root/.cache/healthchain-target/release/healthchain-node
//   benchmark
//   storage
//   --dev
//   --base-path
//   /root/.cache/healthchain-target/load-db/db
//   --database
//   paritydb
//   --state-version
//   1
//   --weight-path
//   runtime/src/weights
//   --header
//   /tmp/hc/header.txt
//   --warmups
//   2
//   --batch-size
//   10000

/// Storage DB weights for the `Healthchain Development` runtime and `ParityDb`.
pub mod constants {
	use frame_support::weights::constants;
	use sp_core::parameter_types;
	use sp_weights::RuntimeDbWeight;

	parameter_types! {
		/// `ParityDB` can be enabled with a feature flag, but is still experimental. These weights
		/// are available for brave runtime engineers who may want to try this out as default.
		pub const ParityDbWeight: RuntimeDbWeight = RuntimeDbWeight {
			/// Time to read one storage item.
			/// Calculated by multiplying the *Average* of all values with `1.0` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 2_089, 11_340_136
			///   Average:  16_772
			///   Median:   14_472
			///   Std-Dev:  50915.23
			///
			/// Percentiles nanoseconds:
			///   99th: 38_859
			///   95th: 21_955
			///   75th: 16_478
			read: 16_772 * constants::WEIGHT_REF_TIME_PER_NANOS,

			/// Time to write one storage item.
			/// Calculated by multiplying the *Average* of all values with `1.0` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 19_128, 38_262
			///   Average:  30_845
			///   Median:   31_672
			///   Std-Dev:  4223.6
			///
			/// Percentiles nanoseconds:
			///   99th: 38_262
			///   95th: 37_769
			///   75th: 32_853
			write: 30_845 * constants::WEIGHT_REF_TIME_PER_NANOS,
		};
	}

	#[cfg(test)]
	mod test_db_weights {
		use super::constants::ParityDbWeight as W;
		use sp_weights::constants;

		/// Checks that all weights exist and have sane values.
		// NOTE: If this test fails but you are sure that the generated values are fine,
		// you can delete it.
		#[test]
		fn bound() {
			// At least 1 µs.
			assert!(
				W::get().reads(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Read weight should be at least 1 µs."
			);
			assert!(
				W::get().writes(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Write weight should be at least 1 µs."
			);
			// At most 1 ms.
			assert!(
				W::get().reads(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Read weight should be at most 1 ms."
			);
			assert!(
				W::get().writes(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Write weight should be at most 1 ms."
			);
		}
	}
}
