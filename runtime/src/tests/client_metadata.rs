//! The typed Rust client in `tests/clients/subxt` is generated at compile time from a copy of
//! this runtime's metadata, `tests/clients/subxt/metadata.scale`. This test keeps the copy equal
//! to the runtime's metadata, so a metadata change reaches the client's build: if the change
//! breaks the client, the workspace stops compiling.
//!
//! After a metadata change, write the new copy with
//! `HC_WRITE_CLIENT_METADATA=1 cargo test --release --workspace --lib client_metadata`.

use crate::Runtime;

/// The metadata version the client is generated from: V16, the first with view functions.
const VERSION: u32 = 16;

const COPY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/clients/subxt/metadata.scale");

#[test]
fn subxt_client_metadata_is_the_runtimes() {
	let metadata = Runtime::metadata_at_version(VERSION).expect("the runtime serves metadata V16");
	let metadata: &[u8] = &metadata;
	if std::env::var_os("HC_WRITE_CLIENT_METADATA").is_some_and(|v| v == "1") {
		std::fs::write(COPY, metadata).expect("the client's metadata copy is writable");
		return;
	}
	let copy = std::fs::read(COPY).unwrap_or_default();
	assert!(
		copy == metadata,
		"{COPY} ({} bytes) is not the runtime's metadata ({} bytes): write it with \
		 `HC_WRITE_CLIENT_METADATA=1 cargo test --release --workspace --lib client_metadata`, \
		 then build; the typed client in tests/clients/subxt must compile against it",
		copy.len(),
		metadata.len(),
	);
}
