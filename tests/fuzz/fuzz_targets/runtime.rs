//! The libFuzzer target: runs each input on the runtime (see `healthchain_fuzz::run`). Built
//! with the `libfuzzer` feature by `scripts/fuzz.sh`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| healthchain_fuzz::run(data));
