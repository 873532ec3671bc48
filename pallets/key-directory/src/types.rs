//! Types stored by the key directory and returned by its query, and the rule a published key
//! must meet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// An X25519 public key (RFC 7748), as RFC 9180's `SerializePublicKey` writes it for
/// DHKEM(X25519, HKDF-SHA256): the u-coordinate, 32 bytes, little-endian.
pub type X25519PublicKey = [u8; 32];

/// An account's published encryption key, as stored and as the `key_of` query returns it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct PublishedKey<BlockNumber, Balance> {
	/// The X25519 public key that wallets seal record keys to.
	pub key: X25519PublicKey,
	/// 1 for the first key the account published, one more on each replacement; back to 1
	/// after a removal. A wallet that sealed to version `n` knows a newer key replaced it.
	pub version: u32,
	/// The block in which this key (this version) was published.
	pub since: BlockNumber,
	/// The deposit held from the account for this entry, released when it is removed.
	pub deposit: Balance,
}

/// The small-order points of Curve25519 with their canonical encodings (below 2^255 − 19): 0,
/// 1, the two points of order 8, and −1 (p − 1). A Diffie-Hellman with any of them gives a
/// shared secret that does not depend on the other party's private key, so a key from this
/// list would let anyone open what is sealed to it. The non-canonical encodings of the same
/// points (p and p + 1, and every key with the top bit set) are refused as non-canonical.
pub const SMALL_ORDER_POINTS: [X25519PublicKey; 5] = [
	// 0
	[0; 32],
	// 1
	[
		1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0,
	],
	// Order 8: 325606250916557431795983626356110631294008115727848805560023387167927233504.
	[
		0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
		0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
		0xb8, 0x00,
	],
	// Order 8: 39382357235489614581723060781553021112529911719440698176882885853963445705823.
	[
		0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
		0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
		0x11, 0x57,
	],
	// p − 1
	[
		0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
];

/// Whether `key` is the canonical encoding of a u-coordinate, a number below p = 2^255 − 19:
/// what X25519 outputs and `SerializePublicKey` writes. Refusing other encodings keeps one
/// public key to one byte string, so "the same key again" is a byte comparison.
pub fn is_canonical(key: &X25519PublicKey) -> bool {
	let [low, middle @ .., high] = key;
	if high & 0x80 != 0 {
		return false;
	}
	// Below 2^255 and at least p: 0x7f, then thirty 0xff, then a low byte of 0xed or more.
	!(*high == 0x7f && middle.iter().all(|b| *b == 0xff) && *low >= 0xed)
}

/// Whether `key` may be published: canonical ([`is_canonical`]) and not a small-order point
/// ([`SMALL_ORDER_POINTS`]), which also refuses the all-zero key.
pub fn is_valid_key(key: &X25519PublicKey) -> bool {
	is_canonical(key) && !SMALL_ORDER_POINTS.contains(key)
}
