//! The pools that fuzzer bytes index into.
//!
//! Every argument of an [`Action`](crate::Action) is a byte (or a small struct of bytes) naming
//! an item of a small pool, so that most calls meet state that exists: the dev accounts that
//! administer the `demo` organizations, the ids the chain hands out first, the GTINs PharmaCo
//! registered, serials that commissioning creates, the service and task commitments programs
//! list (hashes, like every document). Every pool also holds boundary and invalid values (a
//! wrong GS1 check digit, an empty data period, a dispute window one block too short, a vector
//! one item longer than its bound), so the error paths run as well.
//!
//! Clinical codes, labels and dates reach the chain only as blind tags ([`blind`]) under the
//! patient's key, which every dev account derives from its secret URI ([`blind_key`]), as the
//! `demo` preset and the scripts do. The pools hold the codes; the actions tag them.

use crate::input::Put;
use arbitrary::Arbitrary;
use codec::{Decode, Encode};
use frame_support::{traits::Get, BoundedVec};
use healthchain_primitives::{
	blind::{self, BlindKey, Field, LabelTags, Tag, DAY_LIMIT, LABEL_SLOTS, MAX_PERIOD_TAGS},
	MemberRole, Moment, OrgId, OrgRole, PeriodTags, Purpose,
};
use healthchain_runtime::{
	genesis_config_presets::demo::{
		demo_accounts, demo_blind_key, DEMO_COMPANY_PREFIXES, DEMO_GTINS,
	},
	genesis_config_presets::ENDOWMENT,
	AccountId, Address, Balance, BlockNumber, Runtime, RuntimeOrigin, EXISTENTIAL_DEPOSIT,
	SLOT_DURATION, UNIT,
};
use pallet_supply_chain::{gs1, ExpiryDate, Gtin, Sscc};
use sp_keyring::Sr25519Keyring;
use std::sync::OnceLock;

/// Milliseconds in an hour.
pub const HOUR_MS: Moment = 60 * 60 * 1000;
/// Milliseconds in a day.
pub const DAY_MS: Moment = 24 * HOUR_MS;

/// Defines one-byte references into pools: how fuzzer input names an item.
macro_rules! byte_ref {
	($($(#[$doc:meta])* $name:ident;)*) => {$(
		$(#[$doc])*
		#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
		pub struct $name(pub u8);

		impl Put for $name {
			fn put(&self, out: &mut Vec<u8>) {
				out.push(self.0);
			}
		}
	)*};
}

byte_ref! {
	/// An account of [`accounts`].
	Who;
	/// Who dispatches a call: a pool account (0..=223, as [`Who`]), Root (224..=239) or nobody
	/// (240..=255).
	Caller;
	/// An organization id below 12: the seven `demo` organizations and five more to register.
	Org;
	/// A grant, emergency access, record, shipment, program, claim or trial id below 16: the
	/// ids handed out first.
	Id;
	/// A vector length near a bound; see [`Len::resolve`].
	Len;
	/// A balance of [`AMOUNTS`].
	Amount;
	/// A moment relative to the block's time; see [`When::at`].
	When;
	/// An emergency access duration of [`DURATIONS`].
	Duration;
	/// A data period relative to the block's time; see [`PeriodRef::tags`].
	PeriodRef;
	/// Organization roles: bit `i` stands for `OrgRole::ALL[i]`.
	OrgRoleSet;
	/// Member roles: bit `i` stands for `MemberRole::ALL[i]`.
	MemberRoleSet;
	/// Purposes: bit `i` stands for `Purpose::ALL[i]`.
	PurposeSet;
	/// One purpose of `Purpose::ALL`.
	PurposeRef;
	/// A credential issuer code of [`issuers`].
	Issuer;
	/// A category, type or exception code of [`codes`].
	Code;
	/// Security labels: bit `i` stands for `LABELS[i]`; see [`LabelSet::tags`].
	LabelSet;
	/// A GTIN of [`gtins`].
	GtinRef;
	/// An SSCC of [`ssccs`].
	SsccRef;
	/// A lot number of [`lots`].
	LotRef;
	/// A serial: `S0` to `S239`, or one of `BAD_SERIALS`.
	SerialRef;
	/// A GS1 expiry date relative to the block's time; see [`ExpiryRef::date`].
	ExpiryRef;
	/// A lot quantity or a trial's planned enrolment, of [`QUANTITIES`].
	Quantity;
	/// A 32-byte hash: this byte 32 times. Also a commitment (a service, a task, a trial
	/// participant) and a document (a claim, a protocol, an outcome, a dataset, results).
	Hash;
	/// A number of blocks (a dispute window, a reward period); see [`Span::blocks`].
	Span;
	/// A GS1 company prefix; see [`CompanyPrefixRef::prefix`].
	CompanyPrefixRef;
}

/// The item `index` of `pool`, wrapping around. Pools are never empty.
fn pick<T>(pool: &[T], index: u8) -> &T {
	&pool[usize::from(index) % pool.len()]
}

/// The position of `item` in `pool`, as a reference byte: how seeds name pool items.
fn position<T: PartialEq + core::fmt::Debug>(pool: &[T], item: &T) -> u8 {
	let index = pool
		.iter()
		.position(|x| x == item)
		.unwrap_or_else(|| panic!("{item:?} is not in its pool"));
	u8::try_from(index).expect("pools hold fewer than 256 items")
}

/// A vector argument no transaction can carry: it is longer than its bound.
#[derive(Debug)]
pub struct Oversize;

/// `items` as a bounded vector, or [`Oversize`] when they exceed the bound. A node decodes a
/// transaction before it reaches the runtime, so an oversized vector must fail to decode:
/// that is checked here, with the encoding it would have.
pub fn bounded<T: Encode + Decode, S: Get<u32>>(
	items: Vec<T>,
) -> Result<BoundedVec<T, S>, Oversize> {
	let encoded = items.encode();
	BoundedVec::try_from(items).map_err(|_| {
		assert!(
			BoundedVec::<T, S>::decode(&mut &encoded[..]).is_err(),
			"a vector longer than its bound of {} decodes",
			S::get()
		);
		Oversize
	})
}

/// Every account a call may name: the dev keys, then any account the `demo` preset funds beyond
/// them. Admins, members and the patient of the `demo` preset are all among them, and so are
/// accounts that hold nothing.
pub fn accounts() -> &'static [AccountId] {
	static ACCOUNTS: OnceLock<Vec<AccountId>> = OnceLock::new();
	ACCOUNTS.get_or_init(|| {
		let mut pool: Vec<AccountId> = Sr25519Keyring::iter().map(|k| k.to_account_id()).collect();
		for who in demo_accounts() {
			if !pool.contains(&who) {
				pool.push(who);
			}
		}
		pool
	})
}

impl Who {
	/// The reference to the dev key `key`.
	pub fn of(key: Sr25519Keyring) -> Self {
		Who(position(accounts(), &key.to_account_id()))
	}

	/// The account.
	pub fn account(self) -> AccountId {
		pick(accounts(), self.0).clone()
	}

	/// The account as a call's address argument.
	pub fn address(self) -> Address {
		Address::Id(self.account())
	}

	/// The account's blind-index key.
	pub fn blind_key(self) -> BlindKey {
		blind_key(&self.account())
	}
}

/// The blind-index key of `account`: the one derived from its dev secret URI (`//Alice//stash`),
/// so the tags the fuzzer makes for the `demo` patient match those of her genesis record. Every
/// pool account is a dev key; any other account gets the key of an empty URI.
pub fn blind_key(account: &AccountId) -> BlindKey {
	match Sr25519Keyring::from_account_id(account) {
		Some(key) => demo_blind_key(key),
		None => blind::key_from_suri(b""),
	}
}

impl Caller {
	/// Root, as sudo dispatches.
	pub const ROOT: Caller = Caller(224);
	/// No origin, as for an unsigned transaction.
	pub const NOBODY: Caller = Caller(255);

	/// A transaction signed by the dev key `key`.
	pub fn signed(key: Sr25519Keyring) -> Self {
		Caller(Who::of(key).0)
	}

	/// The pool account that signs, if one does.
	pub fn who(self) -> Option<Who> {
		(self.0 <= 223).then_some(Who(self.0))
	}

	/// The origin the call is dispatched with.
	pub fn origin(self) -> RuntimeOrigin {
		match self.0 {
			0..=223 => RuntimeOrigin::signed(Who(self.0).account()),
			224..=239 => RuntimeOrigin::root(),
			_ => RuntimeOrigin::none(),
		}
	}
}

impl Org {
	/// The organization id.
	pub fn id(self) -> OrgId {
		OrgId::from(self.0 % 12)
	}
}

impl Id {
	/// The id.
	pub fn id(self) -> u64 {
		u64::from(self.0 % 16)
	}

	/// The id, for the pallets that number with `u32` (programs, trials).
	pub fn id32(self) -> u32 {
		u32::from(self.0 % 16)
	}
}

impl Len {
	/// No items.
	pub const ZERO: Len = Len(0);
	/// One item.
	pub const ONE: Len = Len(1);
	/// As many items as the bound allows.
	pub const MAX: Len = Len(4);
	/// One item more than the bound allows.
	pub const OVER: Len = Len(5);

	/// Exactly `n` items (`n` below 32, and at most the bound).
	pub fn exactly(n: u8) -> Self {
		assert!(n < 32, "Len::exactly takes lengths below 32");
		Len((n << 3) | 6)
	}

	/// The length against `bound`: 0, 1, 2, the bound less one, the bound, the bound plus one,
	/// or (chosen by the upper five bits) a length up to the bound.
	pub fn resolve(self, bound: u32) -> usize {
		let bound = bound as usize;
		match self.0 % 8 {
			0 => 0,
			1 => 1,
			2 => 2,
			3 => bound.saturating_sub(1),
			4 => bound,
			5 => bound + 1,
			_ => usize::from(self.0 >> 3) % (bound + 1),
		}
	}

	/// That many items made by `item` from their index, bounded as the call argument is.
	pub fn items<T: Encode + Decode, S: Get<u32>>(
		self,
		item: impl FnMut(usize) -> Result<T, Oversize>,
	) -> Result<BoundedVec<T, S>, Oversize> {
		bounded((0..self.resolve(S::get())).map(item).collect::<Result<Vec<_>, _>>()?)
	}

	/// That many copies of `byte`, bounded as the call argument is.
	pub fn bytes<S: Get<u32>>(self, byte: u8) -> Result<BoundedVec<u8, S>, Oversize> {
		bounded(vec![byte; self.resolve(S::get())])
	}
}

/// Balances worth moving or setting: dust, the existential deposit and around it, the
/// deposits of the healthcare pallets, a whole endowment and more.
pub const AMOUNTS: [Balance; 10] = [
	0,
	1,
	EXISTENTIAL_DEPOSIT - 1,
	EXISTENTIAL_DEPOSIT,
	UNIT,
	10 * UNIT,
	1_000 * UNIT,
	ENDOWMENT - UNIT,
	ENDOWMENT,
	1_000_000_000 * UNIT,
];

impl Amount {
	/// The reference to `value`, which must be one of [`AMOUNTS`].
	pub fn of(value: Balance) -> Self {
		Amount(position(&AMOUNTS, &value))
	}

	/// The balance.
	pub fn value(self) -> Balance {
		*pick(&AMOUNTS, self.0)
	}
}

impl When {
	/// An hour before the block.
	pub const HOUR_AGO: When = When(0);
	/// The block's time.
	pub const NOW: When = When(1);
	/// One slot after the block.
	pub const NEXT_SLOT: When = When(2);
	/// An hour after the block.
	pub const IN_AN_HOUR: When = When(3);
	/// A day after the block.
	pub const IN_A_DAY: When = When(4);
	/// Thirty days after the block.
	pub const IN_A_MONTH: When = When(5);
	/// The Unix epoch.
	pub const EPOCH: When = When(6);
	/// The last representable moment.
	pub const END_OF_TIME: When = When(7);

	/// The moment, given the block's time `now`.
	pub fn at(self, now: Moment) -> Moment {
		match self.0 % 8 {
			0 => now.saturating_sub(HOUR_MS),
			1 => now,
			2 => now.saturating_add(SLOT_DURATION),
			3 => now.saturating_add(HOUR_MS),
			4 => now.saturating_add(DAY_MS),
			5 => now.saturating_add(30 * DAY_MS),
			6 => 0,
			_ => Moment::MAX,
		}
	}
}

/// Emergency access durations: none, the shortest, a slot, an hour, the longest allowed (12
/// hours) and one millisecond more.
pub const DURATIONS: [Moment; 6] = [0, 1, SLOT_DURATION, HOUR_MS, 12 * HOUR_MS, 12 * HOUR_MS + 1];

impl Duration {
	/// The reference to `ms`, which must be one of [`DURATIONS`].
	pub fn of(ms: Moment) -> Self {
		Duration(position(&DURATIONS, &ms))
	}

	/// The duration in milliseconds.
	pub fn ms(self) -> Moment {
		*pick(&DURATIONS, self.0)
	}
}

impl PeriodRef {
	/// All time.
	pub const ALL_TIME: PeriodRef = PeriodRef(0);
	/// The past year up to the block's day.
	pub const PAST_YEAR: PeriodRef = PeriodRef(1);
	/// A year from the day after the block's.
	pub const NEXT_YEAR: PeriodRef = PeriodRef(2);
	/// No tags: refused as an empty period.
	pub const EMPTY: PeriodRef = PeriodRef(3);
	/// As many tags as a period may hold.
	pub const MAX: PeriodRef = PeriodRef(4);
	/// One tag more than a period may hold.
	pub const OVER: PeriodRef = PeriodRef(5);

	/// The period's tags under `key`, given the block's time `now`: the cover of all time, of
	/// the past year, of the coming year, none, or a list of tags at the bound (the longest
	/// cover, padded with day tags inside it) or beyond it.
	pub fn tags(self, key: &BlindKey, now: Moment) -> Result<PeriodTags, Oversize> {
		let today = day(now);
		let cover = |from: u32, until: u32| {
			blind::period_tags(key, from, until.min(DAY_LIMIT - 1)).unwrap_or_default()
		};
		let longest = |extra: u32| {
			// The longest minimal cover: every level but the top holds two nodes.
			let mut tags = cover(1, DAY_LIMIT - 2).into_inner();
			let room = MAX_PERIOD_TAGS as usize - tags.len();
			tags.extend((2..).take(room + extra as usize).map(|d| blind::date_tags(key, d)[0]));
			bounded(tags)
		};
		match self.0 % 6 {
			0 => Ok(cover(0, DAY_LIMIT - 1)),
			1 => Ok(cover(today.saturating_sub(365), today)),
			2 => Ok(cover(today.saturating_add(1), today.saturating_add(365))),
			3 => Ok(PeriodTags::default()),
			4 => longest(0),
			_ => longest(1),
		}
	}
}

/// The day of `ms`, the last expressible day for a later moment: a client cannot tag a date
/// beyond it.
pub fn day(ms: Moment) -> u32 {
	blind::day_of(ms).unwrap_or(DAY_LIMIT - 1)
}

/// The items of `pool` whose bits are set in `bits`.
fn from_bits<R: Copy>(pool: &[R], bits: u8) -> Vec<R> {
	pool.iter().enumerate().filter(|(i, _)| (bits >> i) & 1 == 1).map(|(_, r)| *r).collect()
}

/// The bits of `items` in `pool`.
fn to_bits<R: PartialEq + core::fmt::Debug>(pool: &[R], items: &[R]) -> u8 {
	items.iter().fold(0, |bits, item| bits | (1 << position(pool, item)))
}

impl OrgRoleSet {
	/// The set of `roles`.
	pub fn of(roles: &[OrgRole]) -> Self {
		OrgRoleSet(to_bits(&OrgRole::ALL, roles))
	}

	/// The roles.
	pub fn roles(self) -> healthchain_primitives::OrgRoles {
		healthchain_primitives::role_set(&from_bits(&OrgRole::ALL, self.0))
	}
}

impl MemberRoleSet {
	/// The set of `roles`.
	pub fn of(roles: &[MemberRole]) -> Self {
		MemberRoleSet(to_bits(&MemberRole::ALL, roles))
	}

	/// The roles.
	pub fn roles(self) -> healthchain_primitives::MemberRoles {
		healthchain_primitives::role_set(&from_bits(&MemberRole::ALL, self.0))
	}
}

impl PurposeSet {
	/// The set of `purposes`.
	pub fn of(purposes: &[Purpose]) -> Self {
		PurposeSet(to_bits(&Purpose::ALL, purposes))
	}

	/// The purposes.
	pub fn purposes(self) -> pallet_consent::PurposeSet {
		healthchain_primitives::role_set(&from_bits(&Purpose::ALL, self.0))
	}
}

impl PurposeRef {
	/// The reference to `purpose`.
	pub fn of(purpose: Purpose) -> Self {
		PurposeRef(position(&Purpose::ALL, &purpose))
	}

	/// The purpose.
	pub fn purpose(self) -> Purpose {
		*pick(&Purpose::ALL, self.0)
	}
}

/// `body` followed by its GS1 check digit.
fn with_check_digit(body: &str) -> Vec<u8> {
	let mut code = body.as_bytes().to_vec();
	code.push(gs1::check_digit(body.as_bytes()).expect("GS1 code bodies in the pools are digits"));
	code
}

/// `code` with its last (check) digit replaced by the next one: a wrong check digit.
fn wrong_check_digit<const N: usize>(mut code: [u8; N]) -> [u8; N] {
	if let Some(last) = code.last_mut() {
		*last = b'0' + (*last - b'0' + 1) % 10;
	}
	code
}

/// `bytes` as a fixed-length identifier.
fn fixed<const N: usize>(bytes: &[u8]) -> [u8; N] {
	bytes.try_into().unwrap_or_else(|_| panic!("a pool identifier is not {N} bytes long"))
}

/// `byte` repeated `len` times behind `prefix`.
fn padded(prefix: &str, byte: u8, len: usize) -> Vec<u8> {
	let mut text = prefix.as_bytes().to_vec();
	text.resize(len, byte);
	text
}

/// Credential issuer codes: a register's code, a GS1 company prefix, a GLN with a right and a
/// wrong check digit, the longest code, and invalid ones (empty, with a space, too long).
pub fn issuers() -> &'static [Vec<u8>] {
	static ISSUERS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
	ISSUERS.get_or_init(|| {
		let gln: [u8; 13] = fixed(&with_check_digit("061414100000"));
		vec![
			b"EMA".to_vec(),
			b"0950600".to_vec(),
			gln.to_vec(),
			wrong_check_digit(gln).to_vec(),
			padded("GLN-", b'X', 32),
			Vec::new(),
			b"ISSUER 1".to_vec(),
			padded("GLN-", b'X', 33),
		]
	})
}

impl Issuer {
	/// A register's code, well formed.
	pub const REGISTER: Issuer = Issuer(0);

	/// The code.
	pub fn code(self) -> Vec<u8> {
		pick(issuers(), self.0).clone()
	}
}

/// Category and type codes: LOINC document codes, the `demo` record's first. Any code is valid
/// on chain, which sees only its tag.
pub fn codes() -> &'static [Vec<u8>] {
	static CODES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
	CODES.get_or_init(|| {
		["11506-3", "34133-9", "18842-5", "60591-5", "11488-4", "28570-0", "18748-4", "11502-2"]
			.iter()
			.map(|code| code.as_bytes().to_vec())
			.collect()
	})
}

impl Code {
	/// The category of the `demo` record, a progress note.
	pub const PROGRESS_NOTE: Code = Code(0);
	/// A discharge summary.
	pub const DISCHARGE_SUMMARY: Code = Code(2);

	/// The code.
	pub fn code(self) -> Vec<u8> {
		pick(codes(), self.0).clone()
	}

	/// The code's tag in `field` under `key`.
	pub fn tag(self, key: &BlindKey, field: Field) -> Tag {
		blind::code_tag(key, field, &self.code())
	}
}

/// Security labels (HL7 confidentiality and sensitivity codes), in the order of [`LabelSet`]'s
/// bits.
pub const LABELS: [&str; 8] = ["N", "R", "V", "ETH", "PSY", "HIV", "SDV", "SEX"];

impl LabelSet {
	/// No labels.
	pub const NONE: LabelSet = LabelSet(0);

	/// The set of `labels`, each one of [`LABELS`].
	pub fn of(labels: &[&str]) -> Self {
		LabelSet(to_bits(&LABELS, labels))
	}

	/// The labels, at most [`LABEL_SLOTS`] (the first ones of the set): a client cannot tag
	/// more.
	pub fn labels(self) -> Vec<&'static [u8]> {
		from_bits(&LABELS, self.0).into_iter().take(LABEL_SLOTS).map(str::as_bytes).collect()
	}

	/// The label tags of a record under `key`, fillers salted with `salt`.
	pub fn tags(self, key: &BlindKey, salt: &[u8]) -> LabelTags {
		// `labels` holds at most `LABEL_SLOTS` labels, which always fit.
		blind::label_tags(key, &self.labels(), salt).unwrap_or_default()
	}
}

/// The position of `label` in [`LABELS`].
pub fn label_index(label: &str) -> u8 {
	position(&LABELS, &label)
}

/// The tag of label `LABELS[index]` (wrapping around) under `key`.
pub fn label_tag(key: &BlindKey, index: u8) -> Tag {
	blind::code_tag(key, Field::Label, pick(&LABELS, index).as_bytes())
}

/// GTINs: the two the `demo` preset registers for PharmaCo, three more of its company prefix
/// that nobody registered yet, one with a wrong check digit, one with a letter, and one of a
/// prefix nobody holds in the `demo` preset (`9506010`).
pub fn gtins() -> &'static [Gtin] {
	static GTINS: OnceLock<Vec<Gtin>> = OnceLock::new();
	GTINS.get_or_init(|| {
		let mut pool: Vec<Gtin> = DEMO_GTINS.iter().map(|gtin| fixed(gtin.as_bytes())).collect();
		for body in ["0950600013436", "0950600013437", "1950600013435"] {
			pool.push(fixed(&with_check_digit(body)));
		}
		pool.push(wrong_check_digit(pool[0]));
		pool.push(fixed(b"0950600013435A"));
		pool.push(fixed(&with_check_digit("0950601000001")));
		pool
	})
}

impl GtinRef {
	/// The first `demo` product.
	pub const DEMO: GtinRef = GtinRef(0);
	/// The second `demo` product.
	pub const DEMO_2: GtinRef = GtinRef(1);
	/// A GTIN of PharmaCo's prefix that nobody registered.
	pub const UNREGISTERED: GtinRef = GtinRef(2);
	/// A GTIN with a wrong check digit.
	pub const BAD_CHECK_DIGIT: GtinRef = GtinRef(5);
	/// A GTIN of a company prefix nobody holds at first.
	pub const OTHER_PREFIX: GtinRef = GtinRef(7);

	/// The GTIN.
	pub fn gtin(self) -> Gtin {
		*pick(gtins(), self.0)
	}
}

/// GS1 company prefixes [`CompanyPrefixRef`] names below 8: PharmaCo's two, two free ones, and
/// invalid ones (too short, a letter, overlapping PharmaCo's first, too long).
const PREFIXES: [&str; 8] =
	["9506000", "0614141", "9506010", "4012345", "123", "12A4567", "950600", "1234567890123"];

impl CompanyPrefixRef {
	/// The prefix: one of `PREFIXES` below 8, else `7` followed by the number in six digits,
	/// so that a list of consecutive ones holds distinct prefixes, none the start of another.
	pub fn prefix<S: Get<u32>>(self) -> Result<BoundedVec<u8, S>, Oversize> {
		match PREFIXES.get(usize::from(self.0)) {
			Some(prefix) => bounded(prefix.as_bytes().to_vec()),
			None => bounded(format!("7{:06}", self.0).into_bytes()),
		}
	}
}

/// PharmaCo's first GS1 company prefix: its GTINs' and SSCCs' digits start with it.
const PHARMA_CO: &str = DEMO_COMPANY_PREFIXES[0];

/// SSCCs: six of PharmaCo's company prefix, the GS1 specification's example and one with a
/// wrong check digit.
pub fn ssccs() -> &'static [Sscc] {
	static SSCCS: OnceLock<Vec<Sscc>> = OnceLock::new();
	SSCCS.get_or_init(|| {
		let mut pool: Vec<Sscc> =
			(1..=6).map(|n| fixed(&with_check_digit(&format!("0{PHARMA_CO}{n:09}")))).collect();
		pool.push(fixed(b"106141411234567897"));
		pool.push(wrong_check_digit(pool[0]));
		pool
	})
}

impl SsccRef {
	/// An SSCC with a wrong check digit.
	pub const BAD_CHECK_DIGIT: SsccRef = SsccRef(7);

	/// The SSCC.
	pub fn sscc(self) -> Sscc {
		*pick(ssccs(), self.0)
	}
}

/// Lot numbers: plain ones, one with GS1 punctuation, the longest, and invalid ones (empty, with
/// a space, too long).
pub fn lots() -> &'static [Vec<u8>] {
	static LOTS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
	LOTS.get_or_init(|| {
		vec![
			b"LOT1".to_vec(),
			b"LOT2".to_vec(),
			b"LOT3".to_vec(),
			b"B-42/7".to_vec(),
			padded("LOT", b'0', 20),
			Vec::new(),
			b"LOT 1".to_vec(),
			padded("LOT", b'0', 21),
		]
	})
}

impl LotRef {
	/// `LOT1`.
	pub const LOT1: LotRef = LotRef(0);
	/// `LOT2`.
	pub const LOT2: LotRef = LotRef(1);
	/// `LOT3`.
	pub const LOT3: LotRef = LotRef(2);

	/// The lot number, bounded as the call argument is.
	pub fn number<S: Get<u32>>(self) -> Result<BoundedVec<u8, S>, Oversize> {
		bounded(pick(lots(), self.0).clone())
	}
}

/// The serial `S<n>`, as commissioning numbers packs.
pub fn serial_text(n: usize) -> Vec<u8> {
	format!("S{n}").into_bytes()
}

/// Serials [`SerialRef`] names from 240 on: empty, with a space, with a character outside the
/// GS1 set, the longest and one too long.
const BAD_SERIALS: [&str; 5] =
	["", "S 1", "SERIAL#1", "S0000000000000000001", "S00000000000000000001"];

impl SerialRef {
	/// The reference to `S<n>`, `n` below 240.
	pub fn number(n: u8) -> Self {
		assert!(n < 240, "SerialRef::number takes serial numbers below 240");
		SerialRef(n)
	}

	/// The serial, bounded as the call argument is.
	pub fn serial<S: Get<u32>>(self) -> Result<BoundedVec<u8, S>, Oversize> {
		match self.0.checked_sub(240) {
			None => bounded(serial_text(usize::from(self.0))),
			Some(bad) => bounded(pick(&BAD_SERIALS, bad).as_bytes().to_vec()),
		}
	}
}

/// The date `days` after 1970-01-01 as `(year, month, day)`: the inverse of
/// [`gs1::days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z.rem_euclid(146_097);
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = doy - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = yoe + era * 400 + i64::from(month <= 2);
	(year, month as u32, day as u32)
}

/// `YYMMDD` of a year, month and day; `day` 0 means the end of the month in GS1 dates.
fn yymmdd(year: i64, month: u32, day: u32) -> ExpiryDate {
	fixed(format!("{:02}{month:02}{day:02}", year.rem_euclid(100)).as_bytes())
}

impl ExpiryRef {
	/// Yesterday: already expired.
	pub const YESTERDAY: ExpiryRef = ExpiryRef(0);
	/// Today: expires at the next midnight.
	pub const TODAY: ExpiryRef = ExpiryRef(1);
	/// A year from now.
	pub const NEXT_YEAR: ExpiryRef = ExpiryRef(4);

	/// The expiry date (GS1 AI 17), given the block's time `now`: yesterday, today, tomorrow,
	/// in 30 days, in a year, in ten years, the end of the month a year ahead (day `00`), or
	/// an invalid date (month 13).
	pub fn date(self, now: Moment) -> ExpiryDate {
		let today = i64::try_from(now / DAY_MS).unwrap_or(i64::MAX / 2);
		let in_days = |days: i64| {
			let (year, month, day) = civil_from_days(today + days);
			yymmdd(year, month, day)
		};
		match self.0 % 8 {
			0 => in_days(-1),
			1 => in_days(0),
			2 => in_days(1),
			3 => in_days(30),
			4 => in_days(365),
			5 => in_days(3_650),
			6 => {
				let (year, month, _) = civil_from_days(today + 365);
				yymmdd(year, month, 0)
			},
			_ => {
				let (year, _, _) = civil_from_days(today);
				yymmdd(year, 13, 1)
			},
		}
	}
}

/// Lot quantities: none, one, a few, the largest container, the largest commissioning batch
/// and more than any account can pay the deposit of.
pub const QUANTITIES: [u32; 6] = [0, 1, 12, 100, 1_000, u32::MAX];

impl Quantity {
	/// The reference to `quantity`, which must be one of [`QUANTITIES`].
	pub fn of(quantity: u32) -> Self {
		Quantity(position(&QUANTITIES, &quantity))
	}

	/// The quantity.
	pub fn quantity(self) -> u32 {
		*pick(&QUANTITIES, self.0)
	}
}

impl Hash {
	/// The hash.
	pub fn bytes(self) -> [u8; 32] {
		[self.0; 32]
	}
}

impl Span {
	/// No blocks: refused as a dispute window, and as a reward period when tasks are listed.
	pub const NONE: Span = Span(0);
	/// One block less than the shortest dispute window.
	pub const TOO_SHORT: Span = Span(2);
	/// The shortest dispute window.
	pub const SHORTEST: Span = Span(3);
	/// The longest dispute window.
	pub const LONGEST: Span = Span(5);
	/// One block more than the longest dispute window.
	pub const TOO_LONG: Span = Span(6);

	/// The number of blocks: none, one, around the shortest dispute window the runtime allows,
	/// around the longest, or the last block number.
	pub fn blocks(self) -> BlockNumber {
		let shortest: BlockNumber = <Runtime as pallet_claims::Config>::MinDisputeWindow::get();
		let longest: BlockNumber = <Runtime as pallet_claims::Config>::MaxDisputeWindow::get();
		match self.0 % 8 {
			0 => 0,
			1 => 1,
			2 => shortest.saturating_sub(1),
			3 => shortest,
			4 => shortest.saturating_add(1),
			5 => longest,
			6 => longest.saturating_add(1),
			_ => BlockNumber::MAX,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn civil_from_days_inverts_the_pallet_calendar() {
		for days in (-800_000..800_000).step_by(997) {
			let (year, month, day) = civil_from_days(days);
			assert_eq!(gs1::days_from_civil(year, month, day), days);
		}
	}

	#[test]
	fn valid_pool_codes_pass_gs1_checks_and_invalid_ones_fail() {
		let gtins = gtins();
		assert!(gtins[..5].iter().chain(&gtins[7..]).all(gs1::is_valid_gtin));
		assert!(!gtins[5..7].iter().any(gs1::is_valid_gtin));
		assert_eq!(PREFIXES[..2], DEMO_COMPANY_PREFIXES);
		let ssccs = ssccs();
		assert!(ssccs[..7].iter().all(gs1::is_valid_sscc));
		assert!(!gs1::is_valid_sscc(&ssccs[7]));
	}

	#[test]
	fn expiry_dates_read_as_intended() {
		let now = 1_767_225_600_000 + 5 * HOUR_MS;
		let end = |e: ExpiryRef| gs1::expiry_end(&e.date(now), now);
		assert!(end(ExpiryRef::YESTERDAY).is_some_and(|t| t <= now));
		assert!(end(ExpiryRef::TODAY).is_some_and(|t| t > now && t <= now + DAY_MS));
		assert!(end(ExpiryRef::NEXT_YEAR).is_some_and(|t| t > now + 300 * DAY_MS));
		assert!(end(ExpiryRef(6)).is_some());
		assert_eq!(end(ExpiryRef(7)), None);
	}

	#[test]
	fn periods_reach_both_sides_of_their_bound_and_cover_as_named() {
		let key = demo_blind_key(Sr25519Keyring::AliceStash);
		let now = 1_767_225_600_000 + 5 * HOUR_MS;
		let dates = blind::date_tags(&key, day(now));
		let covers = |p: PeriodRef| blind::period_covers(&p.tags(&key, now).expect("fits"), &dates);
		assert!(covers(PeriodRef::ALL_TIME) && covers(PeriodRef::PAST_YEAR));
		assert!(!covers(PeriodRef::NEXT_YEAR));
		assert!(PeriodRef::EMPTY.tags(&key, now).expect("fits").is_empty());
		assert_eq!(PeriodRef::MAX.tags(&key, now).expect("fits").len() as u32, MAX_PERIOD_TAGS);
		assert!(PeriodRef::OVER.tags(&key, now).is_err());
		assert_eq!(day(Moment::MAX), DAY_LIMIT - 1);
	}

	#[test]
	fn label_sets_take_at_most_the_slots() {
		assert_eq!(LabelSet::of(&["PSY"]).labels(), vec![b"PSY".as_slice()]);
		assert_eq!(LabelSet(0xff).labels().len(), LABEL_SLOTS);
	}

	#[test]
	fn spans_reach_both_sides_of_the_dispute_window() {
		let shortest: BlockNumber = <Runtime as pallet_claims::Config>::MinDisputeWindow::get();
		let longest: BlockNumber = <Runtime as pallet_claims::Config>::MaxDisputeWindow::get();
		assert_eq!(Span::SHORTEST.blocks(), shortest);
		assert_eq!(Span::LONGEST.blocks(), longest);
		assert!(Span::TOO_SHORT.blocks() < shortest && Span::TOO_LONG.blocks() > longest);
		assert_eq!(Span::NONE.blocks(), 0);
	}

	#[test]
	fn lengths_reach_both_sides_of_a_bound() {
		assert_eq!(Len::ZERO.resolve(8), 0);
		assert_eq!(Len::MAX.resolve(8), 8);
		assert_eq!(Len::OVER.resolve(8), 9);
		assert_eq!(Len::exactly(3).resolve(8), 3);
		assert!(bounded::<u8, frame_support::traits::ConstU32<8>>(vec![0; 9]).is_err());
	}
}
