//! The one configuration file (TOML); `docs/gatekeeper.md` lists every key.

use healthchain_primitives::OrgId;
use serde::Deserialize;
use std::{net::SocketAddr, path::PathBuf};

/// The gatekeeper's configuration.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Config {
	/// Address to serve on.
	pub listen: SocketAddr,
	/// Base URL of the locators handed out (how clients reach this service).
	pub public_url: String,
	/// The node's RPC, `http://host:port`.
	pub node: String,
	/// The custodian organization this gatekeeper serves.
	pub organization: OrgId,
	/// Secret URI of the key that signs `consent.log_served` (admin or `Staff` member).
	#[serde(default)]
	pub signer: Option<String>,
	/// A file holding that secret URI, for keys that should not sit in the config.
	#[serde(default)]
	pub signer_file: Option<PathBuf>,
	/// Nonces, temporary files and the erasure cursor.
	pub data_dir: PathBuf,
	/// The largest blob accepted.
	#[serde(default = "default_max_blob_bytes")]
	pub max_blob_bytes: u64,
	/// How far a request's timestamp may be from the gatekeeper's clock.
	#[serde(default = "default_window")]
	pub request_window_secs: u64,
	/// How long to wait for an audit entry to be finalized.
	#[serde(default = "default_finality_timeout")]
	pub finality_timeout_secs: u64,
	/// Requests per requester account.
	#[serde(default)]
	pub rate_limit: RateLimitConfig,
	/// Origins (`scheme://host[:port]`) whose pages may call the gatekeeper from a browser
	/// (CORS); none by default. Kept as a browser writes them in `Origin`.
	#[serde(default)]
	pub allowed_origins: Vec<String>,
	/// Where blobs are kept.
	pub storage: StorageConfig,
}

fn default_max_blob_bytes() -> u64 {
	1 << 30
}
fn default_window() -> u64 {
	60
}
fn default_finality_timeout() -> u64 {
	60
}

/// A token bucket per requester account.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RateLimitConfig {
	/// Sustained requests a minute.
	pub per_minute: u32,
	/// Requests allowed at once above the sustained rate.
	pub burst: u32,
}

impl Default for RateLimitConfig {
	fn default() -> Self {
		Self { per_minute: 600, burst: 100 }
	}
}

/// The blob store.
#[derive(Deserialize, Debug, Clone)]
#[serde(tag = "backend", rename_all = "lowercase", deny_unknown_fields)]
pub enum StorageConfig {
	/// A local directory, content-addressed.
	Directory {
		/// The directory.
		path: PathBuf,
	},
	/// An S3-compatible object store.
	S3 {
		/// `http(s)://host:port` of the service (path-style requests).
		endpoint: String,
		/// The bucket.
		bucket: String,
		/// The signing region.
		#[serde(default = "default_region")]
		region: String,
		/// Prefix of the object keys.
		#[serde(default)]
		prefix: String,
		/// Create the bucket at start when it is missing.
		#[serde(default)]
		create_bucket: bool,
		/// Access key id, else `AWS_ACCESS_KEY_ID`.
		#[serde(default)]
		access_key_id: Option<String>,
		/// Secret access key, else `AWS_SECRET_ACCESS_KEY`.
		#[serde(default)]
		secret_access_key: Option<String>,
	},
}

fn default_region() -> String {
	"us-east-1".into()
}

impl Config {
	/// Reads and checks the file at `path`.
	pub fn load(path: &std::path::Path) -> Result<Self, String> {
		let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
		let mut config: Config =
			toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
		if config.signer.is_some() == config.signer_file.is_some() {
			return Err(format!("{}: give exactly one of signer, signer_file", path.display()));
		}
		if config.rate_limit.per_minute == 0 || config.rate_limit.burst == 0 {
			return Err(format!("{}: rate_limit values must be positive", path.display()));
		}
		config.allowed_origins = config
			.allowed_origins
			.iter()
			.map(|text| {
				healthchain_client::cors::parse_origin(text).map_err(|e| {
					format!(
						"{}: allowed_origins: {text:?} is not an origin \
						(http:// or https://, a host, an optional port, nothing after): {e}",
						path.display()
					)
				})
			})
			.collect::<Result<_, _>>()?;
		Ok(config)
	}

	/// The signer's secret URI.
	pub fn signer_uri(&self) -> Result<String, String> {
		match (&self.signer, &self.signer_file) {
			(Some(uri), _) => Ok(uri.clone()),
			(_, Some(file)) => std::fs::read_to_string(file)
				.map(|s| s.trim().to_string())
				.map_err(|e| format!("{}: {e}", file.display())),
			_ => Err("no signer".into()),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn reads_both_backends_and_refuses_unknown_keys() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("g.toml");
		let base = "listen = \"127.0.0.1:0\"\npublic_url = \"http://x\"\nnode = \"http://n\"\n\
			organization = 3\nsigner = \"//Dave\"\ndata_dir = \"d\"\n";
		std::fs::write(&path, format!("{base}[storage]\nbackend = \"directory\"\npath = \"b\"\n"))
			.unwrap();
		let c = Config::load(&path).unwrap();
		assert_eq!(c.organization, 3);
		assert_eq!(c.rate_limit.per_minute, 600);
		assert!(matches!(c.storage, StorageConfig::Directory { .. }));
		std::fs::write(
			&path,
			format!("{base}[storage]\nbackend = \"s3\"\nendpoint = \"http://s\"\nbucket = \"b\"\n"),
		)
		.unwrap();
		let c = Config::load(&path).unwrap();
		assert!(matches!(c.storage, StorageConfig::S3 { ref region, .. } if region == "us-east-1"));
		std::fs::write(
			&path,
			format!("{base}colour = 1\n[storage]\nbackend = \"directory\"\npath = \"b\"\n"),
		)
		.unwrap();
		assert!(Config::load(&path).unwrap_err().contains("colour"));
	}

	#[test]
	fn allowed_origins_are_checked_and_kept_as_browsers_send_them() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("g.toml");
		let with = |origins: &str| {
			format!(
				"listen = \"127.0.0.1:0\"\npublic_url = \"http://x\"\nnode = \"http://n\"\n\
				organization = 3\nsigner = \"//Dave\"\ndata_dir = \"d\"\n{origins}\
				[storage]\nbackend = \"directory\"\npath = \"b\"\n"
			)
		};
		std::fs::write(&path, with("")).unwrap();
		assert!(Config::load(&path).unwrap().allowed_origins.is_empty());
		std::fs::write(
			&path,
			with(
				"allowed_origins = [\"http://127.0.0.1:8700\", \"HTTPS://App.Example\", \
				\"https://app.example:443\", \"http://[0:0::1]:8700\", \"http://localhost:80\"]\n",
			),
		)
		.unwrap();
		assert_eq!(
			Config::load(&path).unwrap().allowed_origins,
			[
				"http://127.0.0.1:8700",
				"https://app.example",
				"https://app.example",
				"http://[::1]:8700",
				"http://localhost"
			]
		);
		for bad in [
			"127.0.0.1:8700",
			"ftp://app.example",
			"http://",
			"http://:8700",
			"http://app.example/",
			"http://app.example/app",
			"http://app.example?x=1",
			"http://app.example#x",
			"http://user@app.example",
			"http://app.example:0",
			"http://app.example:65536",
			"http://app.example:+80",
			"http://app.example:",
			"http://app example",
			"http://[::1",
			"http://[nope]:1",
			"http://[::1]x",
			"null",
			"*",
		] {
			std::fs::write(&path, with(&format!("allowed_origins = [{bad:?}]\n"))).unwrap();
			let error = Config::load(&path).unwrap_err();
			assert!(error.contains("allowed_origins") && error.contains(bad), "{bad}: {error}");
		}
		std::fs::write(&path, with("allowed_origins = \"http://127.0.0.1:8700\"\n")).unwrap();
		assert!(Config::load(&path).unwrap_err().contains("allowed_origins"));
	}
}
