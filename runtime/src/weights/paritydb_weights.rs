// Measured on AMD EPYC (2 cores, 23 GiB); see scripts/benchmark.sh.

//! THIS FILE WAS AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI VERSION 64.0.0
//! DATE: 2026-11-21 (Y/M/D)
//! HOSTNAME: `vm`, CPU: `AMD EPYC`
//!
//! DATABASE: `ParityDb`, RUNTIME: `Healthchain Development`
//! BLOCK-NUM: `Number(21)`
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
//   /tmp/hcl-small/db
//   --database
//   paritydb
//   --state-version
//   1
//   --weight-path
//   runtime/src/weights
//   --header
//   /tmp/tmp.IZLdmXPrCd
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
			///   Min, Max: 1_041, 6_174_600
			///   Average:  5_934
			///   Median:   5_298
			///   Std-Dev:  24423.08
			///
			/// Percentiles nanoseconds:
			///   99th: 8_973
			///   95th: 7_351
			///   75th: 5_979
			read: 5_934 * constants::WEIGHT_REF_TIME_PER_NANOS,

			/// Time to write one storage item.
			/// Calculated by multiplying the *Average* of all values with `1.0` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 10_667, 17_116
			///   Average:  13_013
			///   Median:   12_987
			///   Std-Dev:  1601.81
			///
			/// Percentiles nanoseconds:
			///   99th: 17_116
			///   95th: 17_116
			///   75th: 13_313
			write: 13_013 * constants::WEIGHT_REF_TIME_PER_NANOS,
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
