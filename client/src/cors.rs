//! Calls from web pages of other origins (CORS): which origins a service lets in, the answer
//! to a browser's preflight, and the headers every answer to such a page carries. A service
//! with no allowed origin answers as if CORS did not exist: browsers then refuse its answers to
//! other origins' pages.

use hyper::{
	header::{self, HeaderMap, HeaderValue},
	StatusCode,
};

/// The signed-request headers (`auth`), which a page of an allowed origin may send.
pub const SIGNED_REQUEST_HEADERS: &str =
	"X-Healthchain-Account, X-Healthchain-Nonce, X-Healthchain-Timestamp, X-Healthchain-Signature";
/// How long a browser may keep a preflight's answer, in seconds.
pub const MAX_AGE_SECS: u32 = 600;

/// The origins a service lets in, and what their pages may send and read.
#[derive(Clone, Debug, Default)]
pub struct Cors {
	/// The origins, as browsers write them in `Origin` ([`parse_origin`]).
	pub allowed: Vec<String>,
	/// The methods of the routes a page may call (`Access-Control-Allow-Methods`).
	pub methods: &'static str,
	/// The request headers a page may send (`Access-Control-Allow-Headers`).
	pub request_headers: &'static str,
	/// The response headers a page may read (`Access-Control-Expose-Headers`).
	pub exposed_headers: &'static str,
}

impl Cors {
	/// The request's `Origin`, when it is an allowed one.
	pub fn origin(&self, headers: &HeaderMap) -> Option<HeaderValue> {
		let origin = headers.get(header::ORIGIN)?;
		let text = origin.to_str().ok()?;
		self.allowed.iter().any(|a| a == text).then(|| origin.clone())
	}

	/// The status and headers of the answer to a preflight (`OPTIONS`) whose allowed origin is
	/// `origin`: `204` with what may be sent, or `None` when the origin is not allowed (the
	/// service refuses it in its own words).
	pub fn preflight(&self, origin: Option<&HeaderValue>) -> Option<(StatusCode, HeaderMap)> {
		origin?;
		let mut headers = HeaderMap::new();
		headers
			.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(self.methods));
		headers.insert(
			header::ACCESS_CONTROL_ALLOW_HEADERS,
			HeaderValue::from_static(self.request_headers),
		);
		headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from(MAX_AGE_SECS));
		Some((StatusCode::NO_CONTENT, headers))
	}

	/// Adds to an answer's `headers` what a browser needs: with any origin allowed, `Vary:
	/// Origin`; to an allowed `origin`, its name and the headers the page may read. Refusals
	/// included, so that the page can read why.
	pub fn decorate(&self, headers: &mut HeaderMap, origin: Option<HeaderValue>) {
		if !self.allowed.is_empty() {
			headers.append(header::VARY, HeaderValue::from_static("Origin"));
		}
		if let Some(origin) = origin {
			headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
			headers.insert(
				header::ACCESS_CONTROL_EXPOSE_HEADERS,
				HeaderValue::from_static(self.exposed_headers),
			);
		}
	}
}

/// The origin `text` names, as a browser serializes it in `Origin`: `scheme://host[:port]`
/// with the scheme and host in lowercase, an IPv6 host in its shortest form and a default port
/// left out.
pub fn parse_origin(text: &str) -> Result<String, String> {
	let (scheme, rest) = text.split_once("://").ok_or("no scheme")?;
	let scheme = scheme.to_ascii_lowercase();
	let default_port = match scheme.as_str() {
		"http" => 80,
		"https" => 443,
		_ => return Err(format!("scheme {scheme:?}: only http and https")),
	};
	if let Some(at) = rest.find(['/', '?', '#']) {
		return Err(format!("{:?} after the host and port", &rest[at..]));
	}
	if rest.contains('@') {
		return Err("a user name".into());
	}
	let (host, port) = if let Some(inner) = rest.strip_prefix('[') {
		let (address, after) = inner.split_once(']').ok_or("an unclosed [")?;
		let address: std::net::Ipv6Addr =
			address.parse().map_err(|_| format!("{address:?} is not an IPv6 address"))?;
		(format!("[{address}]"), after)
	} else {
		let end = rest.find(':').unwrap_or(rest.len());
		let host = &rest[..end];
		let label_ok = |label: &str| {
			!label.is_empty()
				&& label.len() <= 63
				&& !label.starts_with('-')
				&& !label.ends_with('-')
				&& label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
		};
		if host.is_empty() {
			return Err("no host".into());
		}
		if host.len() > 253 || !host.split('.').all(label_ok) {
			return Err(format!("{host:?} is not a host name or IPv4 address"));
		}
		(host.to_ascii_lowercase(), &rest[end..])
	};
	let port = match port {
		"" => None,
		_ => {
			let digits = port.strip_prefix(':').ok_or("text after the host")?;
			let number = digits
				.parse::<u16>()
				.ok()
				.filter(|&n| n > 0 && digits.bytes().all(|b| b.is_ascii_digit()))
				.ok_or_else(|| format!("port {digits:?} is not 1 to 65535"))?;
			Some(number).filter(|&n| n != default_port)
		},
	};
	Ok(match port {
		Some(port) => format!("{scheme}://{host}:{port}"),
		None => format!("{scheme}://{host}"),
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn origins_are_written_as_browsers_send_them_and_anything_else_refused() {
		assert_eq!(parse_origin("HTTP://App.Example:80").unwrap(), "http://app.example");
		assert_eq!(parse_origin("https://127.0.0.1:8700").unwrap(), "https://127.0.0.1:8700");
		assert_eq!(parse_origin("http://[::1]:8700").unwrap(), "http://[::1]:8700");
		for bad in ["127.0.0.1:8700", "ftp://a", "http://a/", "http://u@a", "http://a:0", "http://"]
		{
			assert!(parse_origin(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn only_an_allowed_origin_is_answered_and_named() {
		let cors = Cors {
			allowed: vec!["http://127.0.0.1:8700".into()],
			methods: "GET",
			request_headers: SIGNED_REQUEST_HEADERS,
			exposed_headers: "Link",
		};
		let mut request = HeaderMap::new();
		request.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:8700"));
		let origin = cors.origin(&request);
		assert!(origin.is_some());
		let (status, headers) = cors.preflight(origin.as_ref()).unwrap();
		assert_eq!(status, StatusCode::NO_CONTENT);
		assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_METHODS], "GET");
		let mut answer = HeaderMap::new();
		cors.decorate(&mut answer, origin);
		assert_eq!(answer[header::ACCESS_CONTROL_ALLOW_ORIGIN], "http://127.0.0.1:8700");
		assert_eq!(answer[header::VARY], "Origin");

		request.insert(header::ORIGIN, HeaderValue::from_static("http://evil.example"));
		assert!(cors.origin(&request).is_none());
		assert!(cors.preflight(None).is_none());
		let mut answer = HeaderMap::new();
		cors.decorate(&mut answer, None);
		assert!(answer.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
		// With no origin allowed, nothing varies by origin.
		let mut answer = HeaderMap::new();
		Cors::default().decorate(&mut answer, None);
		assert!(answer.is_empty());
	}
}
