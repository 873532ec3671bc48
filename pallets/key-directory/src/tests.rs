//! Tests of the key directory. Every test ends with the storage invariants checked
//! ([`build_and_execute`]).

use crate::{
	is_canonical, is_valid_key, mock::*, Call, Error, Event, HoldReason, Keys, PublishedKey,
	X25519PublicKey, SMALL_ORDER_POINTS,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold, Mutate, MutateHold},
};
use sp_runtime::DispatchError;

/// RFC 7748 section 6.1: Alice's public key.
const KEY_A: X25519PublicKey =
	hex32("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
/// RFC 7748 section 6.1: Bob's public key.
const KEY_B: X25519PublicKey =
	hex32("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

/// 32 bytes from 64 hex digits, at compile time.
const fn hex32(hex: &str) -> X25519PublicKey {
	const fn digit(c: u8) -> u8 {
		match c {
			b'0'..=b'9' => c - b'0',
			b'a'..=b'f' => c - b'a' + 10,
			_ => panic!("not a lowercase hex digit"),
		}
	}
	let bytes = hex.as_bytes();
	assert!(bytes.len() == 64, "32 bytes are 64 hex digits");
	let mut out = [0u8; 32];
	let mut i = 0;
	while i < 32 {
		out[i] = digit(bytes[2 * i]) << 4 | digit(bytes[2 * i + 1]);
		i += 1;
	}
	out
}

/// The small-order points as they are usually listed (libsodium's blocklist), canonical
/// encodings and the non-canonical p and p + 1.
const LISTED: [&str; 7] = [
	"0000000000000000000000000000000000000000000000000000000000000000",
	"0100000000000000000000000000000000000000000000000000000000000000",
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
];

/// `key` with the top bit set: the same u-coordinate once the bit is masked (RFC 7748).
fn top_bit_set(mut key: X25519PublicKey) -> X25519PublicKey {
	key[31] |= 0x80;
	key
}

/// Every key `publish_key` must refuse: the listed points, each also with its top bit set, and
/// non-canonical encodings of ordinary points.
fn invalid_keys() -> Vec<X25519PublicKey> {
	let mut keys: Vec<X25519PublicKey> = LISTED.iter().map(|hex| hex32(hex)).collect();
	keys.extend(LISTED.iter().map(|hex| top_bit_set(hex32(hex))));
	keys.extend([
		top_bit_set(KEY_A),
		// p + 2 (the point 2) and 2^255 − 1 (the point 18), not reduced.
		hex32("efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		hex32("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
	]);
	keys
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::KeyDeposit.into(), &who)
}

fn publish(who: u64, key: X25519PublicKey) {
	assert_ok!(KeyDirectory::publish_key(RuntimeOrigin::signed(who), key));
}

#[test]
fn publish_key_stores_version_1_and_holds_the_deposit() {
	build_and_execute(|| {
		System::set_block_number(5);
		publish(ALICE, KEY_A);
		assert_eq!(
			Keys::<Test>::get(ALICE),
			Some(PublishedKey { key: KEY_A, version: 1, since: 5, deposit: KEY_DEPOSIT })
		);
		assert_eq!(held(ALICE), KEY_DEPOSIT);
		assert_eq!(Balances::balance(&ALICE), FUNDS - KEY_DEPOSIT);
		System::assert_last_event(Event::KeyPublished { who: ALICE, version: 1 }.into());
	});
}

#[test]
fn key_of_answers_the_published_key_or_none() {
	build_and_execute(|| {
		assert_eq!(KeyDirectory::key_of(ALICE), None);
		publish(ALICE, KEY_A);
		assert_eq!(KeyDirectory::key_of(ALICE).map(|k| (k.key, k.version)), Some((KEY_A, 1)));
		assert_eq!(KeyDirectory::key_of(BOB), None);
	});
}

#[test]
fn replacing_a_key_raises_its_version_and_keeps_the_deposit() {
	build_and_execute(|| {
		publish(ALICE, KEY_A);
		System::set_block_number(9);
		publish(ALICE, KEY_B);
		assert_eq!(
			Keys::<Test>::get(ALICE),
			Some(PublishedKey { key: KEY_B, version: 2, since: 9, deposit: KEY_DEPOSIT })
		);
		assert_eq!(held(ALICE), KEY_DEPOSIT);
		System::assert_last_event(Event::KeyPublished { who: ALICE, version: 2 }.into());
		publish(ALICE, KEY_A);
		assert_eq!(KeyDirectory::key_of(ALICE).map(|k| (k.key, k.version)), Some((KEY_A, 3)));
		assert_eq!(held(ALICE), KEY_DEPOSIT);
	});
}

#[test]
fn replacing_a_key_needs_no_further_funds() {
	build_and_execute(|| {
		// Exactly enough for one deposit: nothing is left to hold a second time.
		Balances::set_balance(&BOB, ED + KEY_DEPOSIT);
		publish(BOB, KEY_A);
		assert_eq!(Balances::balance(&BOB), ED);
		publish(BOB, KEY_B);
		assert_eq!(held(BOB), KEY_DEPOSIT);
	});
}

#[test]
fn publish_key_fails_when_the_key_is_unchanged() {
	build_and_execute(|| {
		publish(ALICE, KEY_A);
		assert_noop!(
			KeyDirectory::publish_key(RuntimeOrigin::signed(ALICE), KEY_A),
			Error::<Test>::KeyUnchanged
		);
	});
}

#[test]
fn publish_key_refuses_small_order_and_non_canonical_keys() {
	build_and_execute(|| {
		for key in invalid_keys() {
			assert_noop!(
				KeyDirectory::publish_key(RuntimeOrigin::signed(ALICE), key),
				Error::<Test>::InvalidKey
			);
		}
		// Nor may an invalid key replace a valid one.
		publish(BOB, KEY_B);
		for key in invalid_keys() {
			assert_noop!(
				KeyDirectory::publish_key(RuntimeOrigin::signed(BOB), key),
				Error::<Test>::InvalidKey
			);
		}
		assert_eq!(KeyDirectory::key_of(BOB).map(|k| (k.key, k.version)), Some((KEY_B, 1)));
	});
}

#[test]
fn publish_key_fails_when_the_deposit_cannot_be_paid() {
	build_and_execute(|| {
		assert_noop!(
			KeyDirectory::publish_key(RuntimeOrigin::signed(POOR), KEY_A),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn publish_key_fails_when_the_version_cannot_count_further() {
	build_and_execute(|| {
		publish(ALICE, KEY_A);
		Keys::<Test>::mutate(ALICE, |entry| {
			if let Some(entry) = entry {
				entry.version = u32::MAX;
			}
		});
		assert_noop!(
			KeyDirectory::publish_key(RuntimeOrigin::signed(ALICE), KEY_B),
			Error::<Test>::VersionOverflow
		);
		// The way out: remove the key, and the version starts again.
		assert_ok!(KeyDirectory::remove_key(RuntimeOrigin::signed(ALICE)));
		publish(ALICE, KEY_B);
		assert_eq!(KeyDirectory::key_of(ALICE).map(|k| k.version), Some(1));
	});
}

#[test]
fn remove_key_releases_the_deposit() {
	build_and_execute(|| {
		publish(ALICE, KEY_A);
		assert_ok!(KeyDirectory::remove_key(RuntimeOrigin::signed(ALICE)));
		assert_eq!(Keys::<Test>::get(ALICE), None);
		assert_eq!(held(ALICE), 0);
		assert_eq!(Balances::balance(&ALICE), FUNDS);
		System::assert_last_event(Event::KeyRemoved { who: ALICE }.into());
	});
}

#[test]
fn remove_key_releases_the_recorded_deposit_only() {
	build_and_execute(|| {
		publish(ALICE, KEY_A);
		// Another hold under the same reason (as if the deposit had been larger) stays.
		assert_ok!(Balances::hold(&HoldReason::KeyDeposit.into(), &ALICE, 3));
		assert_ok!(KeyDirectory::remove_key(RuntimeOrigin::signed(ALICE)));
		assert_eq!(held(ALICE), 3);
	});
}

#[test]
fn the_version_starts_again_at_1_after_a_removal() {
	build_and_execute(|| {
		publish(ALICE, KEY_A);
		publish(ALICE, KEY_B);
		assert_ok!(KeyDirectory::remove_key(RuntimeOrigin::signed(ALICE)));
		publish(ALICE, KEY_B);
		assert_eq!(KeyDirectory::key_of(ALICE).map(|k| (k.key, k.version)), Some((KEY_B, 1)));
		assert_eq!(held(ALICE), KEY_DEPOSIT);
	});
}

#[test]
fn remove_key_fails_without_a_key() {
	build_and_execute(|| {
		assert_noop!(KeyDirectory::remove_key(RuntimeOrigin::signed(ALICE)), Error::<Test>::NoKey);
		publish(BOB, KEY_B);
		// Bob's key is not Alice's.
		assert_noop!(KeyDirectory::remove_key(RuntimeOrigin::signed(ALICE)), Error::<Test>::NoKey);
	});
}

#[test]
fn only_a_signed_account_publishes_or_removes_its_own_key() {
	build_and_execute(|| {
		for origin in [RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(
				KeyDirectory::publish_key(origin.clone(), KEY_A),
				DispatchError::BadOrigin
			);
			assert_noop!(KeyDirectory::remove_key(origin), DispatchError::BadOrigin);
		}
	});
}

#[test]
fn accounts_keep_their_own_keys() {
	build_and_execute(|| {
		publish(ALICE, KEY_A);
		publish(BOB, KEY_B);
		assert_ok!(KeyDirectory::remove_key(RuntimeOrigin::signed(BOB)));
		assert_eq!(KeyDirectory::key_of(ALICE).map(|k| (k.key, k.version)), Some((KEY_A, 1)));
		assert_eq!(held(ALICE), KEY_DEPOSIT);
		assert_eq!(held(BOB), 0);
	});
}

#[test]
fn small_order_points_match_the_usual_list() {
	let listed: Vec<X25519PublicKey> = LISTED.iter().map(|hex| hex32(hex)).collect();
	// The canonical ones are in the pallet's list; p and p + 1 are refused as non-canonical.
	assert_eq!(listed[..5], SMALL_ORDER_POINTS[..]);
	for key in &listed[5..] {
		assert!(!is_canonical(key));
	}
	for key in invalid_keys() {
		assert!(!is_valid_key(&key), "{key:02x?}");
	}
}

#[test]
fn ordinary_keys_are_valid() {
	for key in [
		KEY_A,
		KEY_B,
		// 2 and p − 2, the smallest and largest canonical keys that are not small-order.
		hex32("0200000000000000000000000000000000000000000000000000000000000000"),
		hex32("ebffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
	] {
		assert!(is_valid_key(&key), "{key:02x?}");
	}
}

#[test]
fn call_indices_are_stable() {
	assert_eq!(Call::<Test>::publish_key { key: KEY_A }.encode()[0], 0);
	assert_eq!(Call::<Test>::remove_key {}.encode()[0], 1);
}
