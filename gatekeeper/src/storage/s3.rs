//! An S3-compatible object store (AWS S3, MinIO, Ceph), path-style, requests signed with AWS
//! Signature Version 4. Objects are `prefix<hex digest>`. Uploads stream from the spooled file
//! and downloads stream to the caller.

use super::{name_of, BlobReader, Spooled};
use futures::TryStreamExt;
use healthchain_client::http::{self as http_client, Body, Client};
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, StreamBody};
use hyper::{body::Frame, Method, Request, StatusCode};
use sha2::{Digest, Sha256};
use std::io;
use tokio_util::io::{ReaderStream, StreamReader};

/// SHA-256 of the empty payload.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The object store.
pub struct S3 {
	client: Client,
	endpoint: String,
	host: String,
	bucket: String,
	region: String,
	prefix: String,
	access_key: String,
	secret_key: String,
}

/// The settings of an [`S3`] store.
pub struct S3Settings {
	/// `http(s)://host[:port]`.
	pub endpoint: String,
	/// The bucket.
	pub bucket: String,
	/// The signing region.
	pub region: String,
	/// Prefix of the object keys.
	pub prefix: String,
	/// Access key id.
	pub access_key: String,
	/// Secret access key.
	pub secret_key: String,
}

impl S3 {
	/// A store with `settings`; with `create_bucket`, makes the bucket if it is missing.
	pub async fn new(settings: S3Settings, create_bucket: bool) -> io::Result<Self> {
		let endpoint = settings.endpoint.trim_end_matches('/').to_string();
		let host = endpoint
			.split_once("://")
			.map(|(_, rest)| rest.split('/').next().unwrap_or_default().to_string())
			.filter(|h| !h.is_empty())
			.ok_or_else(|| io::Error::other(format!("bad S3 endpoint {endpoint}")))?;
		let store = Self {
			client: http_client::client()?,
			endpoint,
			host,
			bucket: settings.bucket,
			region: settings.region,
			prefix: settings.prefix,
			access_key: settings.access_key,
			secret_key: settings.secret_key,
		};
		let path = format!("/{}", store.bucket);
		let status = store
			.send(Method::HEAD, &path, EMPTY_SHA256, None, http_client::full(""))
			.await?
			.status();
		if status == StatusCode::NOT_FOUND && create_bucket {
			let answer =
				store.send(Method::PUT, &path, EMPTY_SHA256, None, http_client::full("")).await?;
			expect_success(answer, "create bucket").await?;
		} else if !status.is_success() {
			return Err(io::Error::other(format!("bucket {}: HTTP {status}", store.bucket)));
		}
		Ok(store)
	}

	fn path_of(&self, digest: &[u8; 32]) -> String {
		format!("/{}/{}{}", self.bucket, self.prefix, name_of(digest))
	}

	async fn send(
		&self,
		method: Method,
		path: &str,
		payload_sha256: &str,
		length: Option<u64>,
		body: Body,
	) -> io::Result<hyper::Response<hyper::body::Incoming>> {
		let now = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| d.as_secs())
			.unwrap_or(0);
		let amz_date = amz_date(now);
		let authorization = sign_v4(
			&SigningInput {
				method: method.as_str(),
				path,
				host: &self.host,
				amz_date: &amz_date,
				payload_sha256,
				region: &self.region,
			},
			&self.access_key,
			&self.secret_key,
		);
		let mut request = Request::builder()
			.method(method)
			.uri(format!("{}{path}", self.endpoint))
			.header("host", &self.host)
			.header("x-amz-date", &amz_date)
			.header("x-amz-content-sha256", payload_sha256)
			.header("authorization", authorization);
		if let Some(length) = length {
			request = request.header("content-length", length);
		}
		let request = request.body(body).map_err(io::Error::other)?;
		self.client.request(request).await.map_err(io::Error::other)
	}

	pub(super) async fn put(&self, spool: &Spooled) -> io::Result<()> {
		let file = tokio::fs::File::open(&spool.path).await?;
		let body = StreamBody::new(ReaderStream::new(file).map_ok(Frame::data)).boxed();
		let answer = self
			.send(
				Method::PUT,
				&self.path_of(&spool.blake2),
				&hex::encode(spool.sha256),
				Some(spool.size),
				body,
			)
			.await?;
		expect_success(answer, "put object").await
	}

	pub(super) async fn open(&self, digest: &[u8; 32]) -> io::Result<Option<BlobReader>> {
		let answer = self
			.send(Method::GET, &self.path_of(digest), EMPTY_SHA256, None, http_client::full(""))
			.await?;
		if answer.status() == StatusCode::NOT_FOUND {
			return Ok(None);
		}
		if !answer.status().is_success() {
			return Err(io::Error::other(format!("get object: HTTP {}", answer.status())));
		}
		let stream = answer.into_body().into_data_stream().map_err(io::Error::other);
		Ok(Some(Box::pin(StreamReader::new(stream))))
	}

	pub(super) async fn delete(&self, digest: &[u8; 32]) -> io::Result<bool> {
		let path = self.path_of(digest);
		let head =
			self.send(Method::HEAD, &path, EMPTY_SHA256, None, http_client::full("")).await?;
		if head.status() == StatusCode::NOT_FOUND {
			return Ok(false);
		}
		let answer =
			self.send(Method::DELETE, &path, EMPTY_SHA256, None, http_client::full("")).await?;
		expect_success(answer, "delete object").await.map(|()| true)
	}

	pub(super) async fn check(&self) -> io::Result<()> {
		let path = format!("/{}", self.bucket);
		let answer =
			self.send(Method::HEAD, &path, EMPTY_SHA256, None, http_client::full("")).await?;
		if answer.status().is_success() {
			Ok(())
		} else {
			Err(io::Error::other(format!("bucket: HTTP {}", answer.status())))
		}
	}
}

async fn expect_success(
	answer: hyper::Response<hyper::body::Incoming>,
	what: &str,
) -> io::Result<()> {
	let status = answer.status();
	let body = http_client::read_all(answer.into_body()).await.unwrap_or_default();
	if status.is_success() {
		Ok(())
	} else {
		let text = String::from_utf8_lossy(&body);
		Err(io::Error::other(format!(
			"{what}: HTTP {status}: {}",
			text.chars().take(300).collect::<String>()
		)))
	}
}

/// `YYYYMMDD'T'HHMMSS'Z'` of `secs` since 1970.
fn amz_date(secs: u64) -> String {
	let days = (secs / 86_400) as i64;
	let rem = secs % 86_400;
	// Civil date from days since 1970-01-01 (proleptic Gregorian).
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + i64::from(month <= 2);
	format!("{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z", rem / 3600, (rem % 3600) / 60, rem % 60)
}

/// What a request's signature covers.
struct SigningInput<'a> {
	method: &'a str,
	path: &'a str,
	host: &'a str,
	amz_date: &'a str,
	payload_sha256: &'a str,
	region: &'a str,
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
	let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
	mac.update(data);
	mac.finalize().into_bytes().to_vec()
}

/// The key of `date` (`YYYYMMDD`), `region` and `service` derived from the secret key.
fn signing_key(secret_key: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
	let key = hmac(format!("AWS4{secret_key}").as_bytes(), date.as_bytes());
	let key = hmac(&key, region.as_bytes());
	let key = hmac(&key, service.as_bytes());
	hmac(&key, b"aws4_request")
}

/// The `Authorization` header of a request with no query string, signed over `host`,
/// `x-amz-content-sha256` and `x-amz-date`.
fn sign_v4(input: &SigningInput, access_key: &str, secret_key: &str) -> String {
	let signed_headers = "host;x-amz-content-sha256;x-amz-date";
	let canonical = format!(
		"{}\n{}\n\nhost:{}\nx-amz-content-sha256:{}\nx-amz-date:{}\n\n{signed_headers}\n{}",
		input.method,
		input.path,
		input.host,
		input.payload_sha256,
		input.amz_date,
		input.payload_sha256
	);
	let date = &input.amz_date[..8];
	let scope = format!("{date}/{}/s3/aws4_request", input.region);
	let to_sign = format!(
		"AWS4-HMAC-SHA256\n{}\n{scope}\n{}",
		input.amz_date,
		hex::encode(Sha256::digest(canonical.as_bytes()))
	);
	let key = signing_key(secret_key, date, input.region, "s3");
	let signature = hex::encode(hmac(&key, to_sign.as_bytes()));
	format!(
		"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={signed_headers}, \
		 Signature={signature}"
	)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dates_are_in_the_basic_iso_format() {
		assert_eq!(amz_date(0), "19700101T000000Z");
		assert_eq!(amz_date(1_369_353_600), "20130524T000000Z");
		assert_eq!(amz_date(951_782_400 + 3_661), "20000229T010101Z");
	}

	/// The derived key of the worked example in the AWS Signature Version 4 documentation
	/// ("Examples of how to derive a signing key").
	#[test]
	fn the_signing_key_follows_signature_version_4() {
		let key =
			signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
		assert_eq!(
			hex::encode(key),
			"f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
		);
	}

	#[test]
	fn the_authorization_header_names_the_scope_and_signed_headers() {
		let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
		let header = sign_v4(
			&SigningInput {
				method: "GET",
				path: "/test.txt",
				host: "examplebucket.s3.amazonaws.com",
				amz_date: "20130524T000000Z",
				payload_sha256: EMPTY_SHA256,
				region: "us-east-1",
			},
			"AKIAIOSFODNN7EXAMPLE",
			secret,
		);
		assert!(header.starts_with(
			"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
			 SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature="
		));
	}
}
