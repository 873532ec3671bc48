//! The blob store: a local directory or an S3-compatible object store, both addressed by the
//! BLAKE2b-256 digest of the encrypted blob.

mod directory;
mod s3;

pub use directory::Directory;
pub use s3::{S3Settings, S3};

use blake2::{digest::consts::U32, Blake2b, Digest};
use bytes::Bytes;
use futures::{Stream, StreamExt};
use std::{
	io,
	path::{Path, PathBuf},
	pin::Pin,
	sync::atomic::{AtomicU64, Ordering},
};
use tokio::{
	fs::File,
	io::{AsyncRead, AsyncWriteExt},
};

/// BLAKE2b with a 32-byte output: `ContentHash::Blake2_256`.
pub type Blake2b256 = Blake2b<U32>;

/// A blob being read from the store.
pub type BlobReader = Pin<Box<dyn AsyncRead + Send>>;

/// Where blobs are kept.
pub enum Store {
	/// A local directory.
	Directory(Directory),
	/// An S3-compatible object store (boxed: its client is many times a directory's size).
	S3(Box<S3>),
}

impl Store {
	/// Moves the spooled blob `spool` into the store under its digest.
	pub async fn put(&self, spool: &Spooled) -> io::Result<()> {
		match self {
			Self::Directory(d) => d.put(spool).await,
			Self::S3(s) => s.put(spool).await,
		}
	}

	/// The blob of `digest`, or `None` when the store has none.
	pub async fn open(&self, digest: &[u8; 32]) -> io::Result<Option<BlobReader>> {
		match self {
			Self::Directory(d) => d.open(digest).await,
			Self::S3(s) => s.open(digest).await,
		}
	}

	/// Deletes the blob of `digest`; `false` when there was none.
	pub async fn delete(&self, digest: &[u8; 32]) -> io::Result<bool> {
		match self {
			Self::Directory(d) => d.delete(digest).await,
			Self::S3(s) => s.delete(digest).await,
		}
	}

	/// Whether the store answers.
	pub async fn check(&self) -> io::Result<()> {
		match self {
			Self::Directory(d) => d.check().await,
			Self::S3(s) => s.check().await,
		}
	}
}

/// A blob written to a temporary file and flushed to disk, with its digests. The file is
/// removed when this is dropped, unless the store took it.
pub struct Spooled {
	/// The temporary file.
	pub path: PathBuf,
	/// Its length.
	pub size: u64,
	/// BLAKE2b-256: the blob's address and the pointer's `ContentHash`.
	pub blake2: [u8; 32],
	/// SHA-256, which S3 requests are signed with.
	pub sha256: [u8; 32],
}

impl Drop for Spooled {
	fn drop(&mut self) {
		let _ = std::fs::remove_file(&self.path);
	}
}

/// Why a stream could not be spooled.
#[derive(Debug)]
pub enum SpoolError {
	/// Longer than allowed.
	TooLarge,
	/// The stream or the disk failed.
	Io(io::Error),
}

impl From<io::Error> for SpoolError {
	fn from(e: io::Error) -> Self {
		Self::Io(e)
	}
}

static SPOOL_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh temporary path in `dir`.
pub fn temp_path(dir: &Path) -> PathBuf {
	let n = SPOOL_COUNTER.fetch_add(1, Ordering::Relaxed);
	dir.join(format!(".tmp-{}-{n}", std::process::id()))
}

/// Writes `chunks` to a temporary file in `dir`, hashing as it goes, at most `max` bytes; with
/// `durable`, flushes it to disk.
pub async fn spool<S>(
	dir: &Path,
	mut chunks: S,
	max: u64,
	durable: bool,
) -> Result<Spooled, SpoolError>
where
	S: Stream<Item = io::Result<Bytes>> + Unpin,
{
	let path = temp_path(dir);
	let mut file = File::create(&path).await?;
	let mut spooled = Spooled { path, size: 0, blake2: [0; 32], sha256: [0; 32] };
	let mut blake2 = Blake2b256::new();
	let mut sha256 = sha2::Sha256::new();
	while let Some(chunk) = chunks.next().await {
		let chunk = chunk?;
		spooled.size += chunk.len() as u64;
		if spooled.size > max {
			return Err(SpoolError::TooLarge);
		}
		blake2.update(&chunk);
		sha256.update(&chunk);
		file.write_all(&chunk).await?;
	}
	file.flush().await?;
	if durable {
		file.sync_all().await?;
	}
	spooled.blake2 = blake2.finalize().into();
	spooled.sha256 = sha256.finalize().into();
	Ok(spooled)
}

/// The BLAKE2b-256 digest of everything `reader` yields, read in 64 KiB pieces.
#[cfg(test)]
pub async fn digest_of(mut reader: impl AsyncRead + Unpin) -> io::Result<[u8; 32]> {
	use tokio::io::AsyncReadExt;
	let mut hasher = Blake2b256::new();
	let mut buf = vec![0u8; 64 * 1024];
	loop {
		let n = reader.read(&mut buf).await?;
		if n == 0 {
			return Ok(hasher.finalize().into());
		}
		hasher.update(&buf[..n]);
	}
}

/// Lowercase hex of a digest, without `0x`: the blob's name in either store.
pub fn name_of(digest: &[u8; 32]) -> String {
	hex::encode(digest)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[tokio::test]
	async fn spooling_hashes_and_refuses_what_is_too_long() {
		let dir = tempfile::tempdir().unwrap();
		let chunks = || {
			futures::stream::iter(vec![
				Ok(Bytes::from_static(b"abc")),
				Ok(Bytes::from_static(b"def")),
			])
		};
		let spooled = spool(dir.path(), chunks(), 6, true).await.unwrap();
		assert_eq!(spooled.size, 6);
		assert_eq!(spooled.blake2, sp_io::hashing::blake2_256(b"abcdef"));
		assert_eq!(spooled.sha256, sp_io::hashing::sha2_256(b"abcdef"));
		assert_eq!(std::fs::read(&spooled.path).unwrap(), b"abcdef");
		let path = spooled.path.clone();
		drop(spooled);
		assert!(!path.exists());
		assert!(matches!(spool(dir.path(), chunks(), 5, true).await, Err(SpoolError::TooLarge)));
		assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
	}
}
