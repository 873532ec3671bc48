//! A local directory: `root/ab/cd/<hex digest>`, written atomically (temporary file, fsync,
//! rename, fsync of the directory).

use super::{name_of, BlobReader, Spooled};
use std::{io, path::PathBuf};

/// The directory store.
pub struct Directory {
	root: PathBuf,
}

impl Directory {
	/// A store in `root`, created if missing.
	pub fn new(root: PathBuf) -> io::Result<Self> {
		std::fs::create_dir_all(&root)?;
		Ok(Self { root })
	}

	fn path_of(&self, digest: &[u8; 32]) -> PathBuf {
		let name = name_of(digest);
		self.root.join(&name[0..2]).join(&name[2..4]).join(name)
	}

	pub(super) async fn put(&self, spool: &Spooled) -> io::Result<()> {
		let target = self.path_of(&spool.blake2);
		let dir = target.parent().expect("a blob path has parents").to_path_buf();
		tokio::fs::create_dir_all(&dir).await?;
		// The spool may be on another file system: copy it next to the target first.
		let staged = super::temp_path(&dir);
		tokio::fs::copy(&spool.path, &staged).await?;
		tokio::fs::File::open(&staged).await?.sync_all().await?;
		tokio::fs::rename(&staged, &target).await?;
		tokio::fs::File::open(&dir).await?.sync_all().await
	}

	pub(super) async fn open(&self, digest: &[u8; 32]) -> io::Result<Option<BlobReader>> {
		match tokio::fs::File::open(self.path_of(digest)).await {
			Ok(file) => Ok(Some(Box::pin(file))),
			Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
			Err(e) => Err(e),
		}
	}

	pub(super) async fn delete(&self, digest: &[u8; 32]) -> io::Result<bool> {
		let path = self.path_of(digest);
		match tokio::fs::remove_file(&path).await {
			Ok(()) => {
				if let Some(dir) = path.parent() {
					tokio::fs::File::open(dir).await?.sync_all().await?;
				}
				Ok(true)
			},
			Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
			Err(e) => Err(e),
		}
	}

	pub(super) async fn check(&self) -> io::Result<()> {
		tokio::fs::metadata(&self.root).await.map(|_| ())
	}
}

#[cfg(test)]
mod tests {
	use super::super::{digest_of, spool, Store};
	use super::*;
	use bytes::Bytes;

	#[tokio::test]
	async fn a_blob_is_stored_under_its_digest_read_back_and_deleted() {
		let dir = tempfile::tempdir().unwrap();
		let store = Store::Directory(Directory::new(dir.path().join("blobs")).unwrap());
		let chunks = futures::stream::iter(vec![Ok(Bytes::from_static(b"ciphertext"))]);
		let spooled = spool(dir.path(), chunks, 1 << 20, true).await.unwrap();
		store.put(&spooled).await.unwrap();
		let digest = spooled.blake2;
		drop(spooled);
		let name = hex::encode(digest);
		let path = dir.path().join("blobs").join(&name[0..2]).join(&name[2..4]).join(&name);
		assert_eq!(std::fs::read(&path).unwrap(), b"ciphertext");
		let reader = store.open(&digest).await.unwrap().unwrap();
		assert_eq!(digest_of(reader).await.unwrap(), digest);
		assert!(store.delete(&digest).await.unwrap());
		assert!(store.open(&digest).await.unwrap().is_none());
		assert!(!store.delete(&digest).await.unwrap());
	}
}
