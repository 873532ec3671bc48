// Reading pack identifiers from GS1 element strings and Digital Links (scripts/lib/gs1.mjs).
// No chain needed: `node --test tests/scripts/`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GS,
  Gs1Error,
  parseGs1,
  parseAis,
  checkDigit,
  isValidGtin,
  isValidSscc,
  withCheckDigit,
  withGs,
  isRestrictedGtin,
  gtinCompanyDigits,
  ssccCompanyDigits,
  makeSscc,
  GS_SUBSTITUTES,
  expiryDate,
  fullYear,
  toElementString,
  toBarcodeString,
  toDigitalLink,
} from '../../scripts/lib/gs1.mjs';

const PACK = { gtin: '09506000134352', lot: 'LOT1', serial: 'SER1', expiry: '261231' };

/** Expects `fn` to throw a Gs1Error with `code` and a message matching `pattern`. */
function throwsGs1(fn, code, pattern) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Gs1Error, `a Gs1Error, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('check digits follow the GS1 mod-10 rule', () => {
  assert.equal(checkDigit('0950600013435'), '2');
  assert.equal(checkDigit('0061414112345'), '2');
  assert.equal(checkDigit('10614141123456789'), '7');
  assert.equal(withCheckDigit('0950600013435'), '09506000134352');
  assert.ok(isValidGtin('09506000134352'));
  assert.ok(!isValidGtin('09506000134353'));
  assert.ok(!isValidGtin('9506000134352'), '13 digits');
  assert.ok(!isValidGtin('0950600013435a'));
  assert.ok(isValidSscc('106141411234567897'));
  assert.ok(!isValidSscc('106141411234567898'));
  throwsGs1(() => checkDigit('12a'), 'InvalidValue');
});

test('company digits, restricted circulation GTINs and SSCCs from a company prefix', () => {
  assert.equal(gtinCompanyDigits('09506000134352'), '950600013435');
  assert.equal(ssccCompanyDigits('106141411234567897'), '0614141123456789');
  assert.equal(isRestrictedGtin('09506000134352'), false);
  for (const g of ['00212345678909', '00412345678905', '02312345678906', '00000000000000']) assert.equal(isRestrictedGtin(g), true, g);
  const sscc = makeSscc(3, '9506000', 42);
  assert.equal(sscc.length, 18);
  assert.ok(isValidSscc(sscc));
  assert.equal(ssccCompanyDigits(sscc), '9506000000000042');
  assert.equal(makeSscc(1, '0614141', '123456789'), '106141411234567897');
  assert.throws(() => makeSscc(3, '9506000', '1234567890'), Gs1Error);
  assert.throws(() => makeSscc(10, '9506000', '1'), Gs1Error);
});

test('the human readable element string gives the four fields, in any AI order', () => {
  assert.deepEqual(parseGs1('(01)09506000134352(17)261231(10)LOT1(21)SER1'), PACK);
  assert.deepEqual(parseGs1('(21)SER1(10)LOT1(01)09506000134352(17)261231'), PACK);
  // Surrounding blanks are ignored; unknown AIs in parentheses are read and left aside.
  assert.deepEqual(parseGs1('  (01)09506000134352(17)261231(10)LOT1(21)SER1(7777)X \n'), PACK);
  // The full GS1 character set 82 in a serial.
  assert.equal(parseGs1('(01)09506000134352(17)261231(10)A-1/2(21)a!"%&\'*+,-./:;<=>?_z').serial, 'a!"%&\'*+,-./:;<=>?_z');
});

test('the barcode element string (FNC1 as GS) gives the four fields', () => {
  // Fixed-length AIs first, variable-length ones ended by GS.
  assert.deepEqual(parseGs1(`01095060001343521726123110LOT1${GS}21SER1`), PACK);
  // With a leading FNC1 and a GS1 DataMatrix symbology identifier, as scanners send it.
  assert.deepEqual(parseGs1(`]d2${GS}01095060001343521726123110LOT1${GS}21SER1`), PACK);
  assert.deepEqual(parseGs1(`]C1010950600013435221SER1${GS}10LOT1${GS}17261231`), PACK);
  // A GS after a fixed-length field is tolerated; a trailing GS too.
  assert.deepEqual(parseGs1(`0109506000134352${GS}17261231${GS}10LOT1${GS}21SER1${GS}`), PACK);
  // Other known AIs (here NHRN PZN 710) are delimited and left aside.
  assert.deepEqual(parseGs1(`010950600013435217261231710PZN123${GS}10LOT1${GS}21SER1`), PACK);
});

test('a scanner\'s substitute for GS is read as GS in the barcode form', () => {
  // Keyboard-wedge scanners that cannot type ASCII 29 send a replacement instead.
  for (const sub of GS_SUBSTITUTES) {
    assert.deepEqual(parseGs1(`]d2${sub}01095060001343521726123110LOT1${sub}21SER1`), PACK, sub);
  }
  assert.deepEqual(parseGs1('01095060001343521726123110LOT1{gs}21SER1'), PACK);
  assert.equal(withGs('A{GS}B[gs]C^]D\u241dE'), `A${GS}B${GS}C${GS}D${GS}E`);
  // Not in the other forms: a Digital Link may hold `~` in its path prefix.
  assert.deepEqual(parseGs1('https://id.example.org/~x/01/09506000134352/10/LOT1/21/SER1?17=261231'), PACK);
});

test('a GS1 Digital Link gives the four fields', () => {
  assert.deepEqual(parseGs1('https://id.example.org/01/09506000134352/10/LOT1/21/SER1?17=261231'), PACK);
  // A resolver path before the key, other query parameters, GTIN-13 widened to 14 digits.
  assert.deepEqual(parseGs1('https://example.com/dl/pharma/01/9506000134352/10/LOT1/21/SER1?linkType=gs1:pip&17=261231'), PACK);
  // Percent-encoded characters of the GS1 set.
  assert.deepEqual(parseGs1('https://id.example.org/01/09506000134352/10/L%2F1/21/S%25%3F1?17=261231'), { ...PACK, lot: 'L/1', serial: 'S%?1' });
  // The short names of Digital Link 1.1.
  assert.deepEqual(parseGs1('https://id.example.org/gtin/09506000134352/lot/LOT1/ser/SER1?exp=261231'), PACK);
  // A consumer product variant qualifier is allowed in its place.
  assert.deepEqual(parseGs1('https://id.example.org/01/09506000134352/22/V1/10/LOT1/21/SER1?17=261231'), PACK);
});

test('the three forms agree with what the writers produce', () => {
  const pack = { gtin: '00614141123452', lot: 'B-42', serial: 'X9/7', expiry: '300200' };
  assert.deepEqual(parseGs1(toElementString(pack)), pack);
  assert.deepEqual(parseGs1(toBarcodeString(pack)), pack);
  assert.deepEqual(parseGs1(toDigitalLink(pack, 'https://id.example.org/')), pack);
});

test('a missing AI is named', () => {
  throwsGs1(() => parseGs1('(01)09506000134352(10)LOT1(21)SER1'), 'MissingAI', /\(17\) expiry/);
  throwsGs1(() => parseGs1('(01)09506000134352(17)261231(10)LOT1'), 'MissingAI', /\(21\) serial/);
  throwsGs1(() => parseGs1(`01095060001343521726123121SER1`), 'MissingAI', /\(10\) lot/);
  throwsGs1(() => parseGs1('https://id.example.org/01/09506000134352/10/LOT1/21/SER1'), 'MissingAI', /\(17\) expiry/);
  throwsGs1(() => parseGs1('https://id.example.org/products/123'), 'MissingAI', /primary key/);
  // All the missing ones at once.
  throwsGs1(() => parseGs1('(01)09506000134352'), 'MissingAI', /\(10\) lot, \(21\) serial, \(17\) expiry/);
});

test('a bad GTIN check digit or length is refused', () => {
  throwsGs1(() => parseGs1('(01)09506000134353(17)261231(10)LOT1(21)SER1'), 'InvalidGtin', /check digit 3 should be 2/);
  throwsGs1(() => parseGs1(`01095060001343531726123110LOT1${GS}21SER1`), 'InvalidGtin', /check digit/);
  throwsGs1(() => parseGs1('https://id.example.org/01/09506000134353/10/LOT1/21/SER1?17=261231'), 'InvalidGtin', /check digit/);
  throwsGs1(() => parseGs1('(01)0950600013435(17)261231(10)LOT1(21)SER1'), 'InvalidGtin', /14 digits/);
  throwsGs1(() => parseGs1('(01)0950600013435X(17)261231(10)LOT1(21)SER1'), 'InvalidGtin', /14 digits/);
  throwsGs1(() => parseGs1('01095060'), 'InvalidGtin', /14 characters/);
});

test('a bad expiry date is refused', () => {
  const withExpiry = (e) => `(01)09506000134352(17)${e}(10)LOT1(21)SER1`;
  throwsGs1(() => parseGs1(withExpiry('261331')), 'InvalidExpiry', /month 13/);
  throwsGs1(() => parseGs1(withExpiry('260001')), 'InvalidExpiry', /month 00/);
  throwsGs1(() => parseGs1(withExpiry('260431')), 'InvalidExpiry', /day 31/);
  throwsGs1(() => parseGs1(withExpiry('270229')), 'InvalidExpiry', /day 29/);
  throwsGs1(() => parseGs1(withExpiry('2612')), 'InvalidExpiry', /6 digits/);
  throwsGs1(() => parseGs1(withExpiry('26123A')), 'InvalidExpiry', /6 digits/);
  throwsGs1(() => parseGs1('https://id.example.org/01/09506000134352/10/LOT1/21/SER1?17=261232'), 'InvalidExpiry', /day 32/);
});

test('expiry dates follow the GS1 calendar rules', () => {
  const now = new Date(Date.UTC(2026, 10, 21));
  assert.equal(expiryDate('261231', now), '2026-12-31');
  // Day 00 is the month's last day, leap years included.
  assert.equal(expiryDate('280200', now), '2028-02-29');
  assert.equal(expiryDate('270200', now), '2027-02-28');
  assert.equal(expiryDate('280229', now), '2028-02-29');
  // Century: up to 50 years ahead, 49 back.
  assert.equal(fullYear(76, 2026), 2076);
  assert.equal(fullYear(77, 2026), 1977);
  assert.equal(fullYear(10, 2080), 2110);
  assert.equal(expiryDate('000229', new Date(Date.UTC(2026, 0, 1))), '2000-02-29');
});

test('a bad serial or lot is refused', () => {
  throwsGs1(() => parseGs1('(01)09506000134352(17)261231(10)LOT1(21)SER 1'), 'InvalidSerial', /" "/);
  throwsGs1(() => parseGs1('(01)09506000134352(17)261231(10)LOT1(21)SER#1'), 'InvalidSerial', /"#"/);
  throwsGs1(() => parseGs1('(01)09506000134352(17)261231(10)LOT1(21)123456789012345678901'), 'InvalidSerial', /20 characters/);
  throwsGs1(() => parseGs1('(01)09506000134352(17)261231(10)LOT1(21)'), 'InvalidSerial', /empty serial/);
  throwsGs1(() => parseGs1(`01095060001343521726123110LOT1${GS}21`), 'InvalidSerial', /empty serial/);
  throwsGs1(() => parseGs1('https://id.example.org/01/09506000134352/10/LOT1/21/S%C3%A91?17=261231'), 'InvalidSerial', /"é"/);
  throwsGs1(() => parseGs1('(01)09506000134352(17)261231(10)LOT$1(21)SER1'), 'InvalidLot', /"\$"/);
  throwsGs1(() => parseGs1('(01)09506000134352(17)261231(10)(21)SER1'), 'InvalidLot', /empty lot/);
});

test('other malformed input is explained', () => {
  throwsGs1(() => parseGs1(''), 'Syntax', /empty/);
  throwsGs1(() => parseGs1('hello'), 'Syntax', /expected an AI/);
  throwsGs1(() => parseGs1('(1)09506000134352'), 'Syntax', /start with an AI/);
  throwsGs1(() => parseGs1('x(01)09506000134352'), 'Syntax', /expected an AI/);
  // Digits that begin no AI of the GS1 dictionary (23 is unassigned, 235 is taken) cannot be
  // delimited in the barcode form.
  throwsGs1(() => parseGs1(`01095060001343522312345${GS}21SER1`), 'UnknownAI', /unknown AI at '2312345<GS>'/);
  throwsGs1(() => parseGs1('(01)09506000134352(21)A(21)B(17)261231(10)L'), 'DuplicateAI', /\(21\) given twice/);
  // The same value twice is harmless.
  assert.equal(parseAis('(21)A(21)A')['21'], 'A');
  throwsGs1(() => parseGs1('ftp://id.example.org/01/09506000134352'), 'Syntax', /http or https/);
  throwsGs1(() => parseGs1('https://id.example.org/01/09506000134352/21/SER1/10/LOT1?17=261231'), 'Syntax', /out of order/);
  throwsGs1(() => parseGs1('https://id.example.org/01/09506000134352/17/261231/10/LOT1/21/SER1'), 'Syntax', /not a key qualifier/);
  throwsGs1(() => parseGs1('https://id.example.org/01/09506000134352/10/LOT1?21=SER1&17=261231'), 'Syntax', /in the path/);
  throwsGs1(() => parseGs1('https://id.example.org/01/09506000134352/10/LOT1/21/%E0%A4%A?17=261231'), 'Syntax', /percent-encoding/);
  throwsGs1(() => parseGs1(42), 'Syntax', /string/);
});
