// Reading GS1 data: the package identifier of a drug pack (GTIN, lot, serial, expiry) from what a
// scanner or a person gives, and any GS1 element string. The forms: a GS1 element string, either
// human readable with the AIs in parentheses or as encoded in the barcode (FNC1 / GS separated,
// possibly behind a symbology identifier), or a GS1 Digital Link URI.
//
//   parseGs1('(01)09506000134352(17)261231(10)LOT1(21)SER1')
//   parseGs1('\x1d010950600013435217261231' + '10LOT1\x1d21SER1')
//   parseGs1('https://id.example.org/01/09506000134352/10/LOT1/21/SER1?17=261231')
//     -> { gtin: '09506000134352', lot: 'LOT1', serial: 'SER1', expiry: '261231' }
//
// Every AI of the GS1 Barcode Syntax Dictionary is known (the table `./gs1-ais.mjs`, generated
// from it by scripts/gen-gs1-ais.mjs), and each value is checked against its entry: the length
// and characters of each component, check digits, dates and times.
//
// `parseElementString` is the strict reader: it reads exactly as the chain's crates do
// (`parse_element_string` of pallets/primitives/src/gs1.rs), both checked against
// tests/vectors/gs1/vectors.json, and its errors' codes are those of the Rust `Gs1Error`
// (`Empty`, `Syntax`, `UnknownAI`, `TooShort`, `TooLong`, `BadCharacter`, `BadCheckDigit`,
// `BadDate`, `BadTime`, `MissingSeparator`, `DuplicateAI`).
//
// `parseGs1`, `parseAis` and the readers of each form speak of pack fields: every malformed input
// throws a `Gs1Error` whose `code` says what is wrong (`Syntax`, `UnknownAI`, `DuplicateAI`,
// `MissingAI`, `InvalidGtin`, `InvalidLot`, `InvalidSerial`, `InvalidExpiry`, `InvalidValue`)
// and whose message names the AI and the value. They read an AI in parentheses that is not in
// the dictionary and leave it unchecked.

import { AI_TABLE } from './gs1-ais.mjs';

/** The group separator (ASCII 29) that stands for FNC1 between fields of a barcode. */
export const GS = '\x1d';

/** A malformed GS1 string; `code` names the problem, `ai` the application identifier. */
export class Gs1Error extends Error {
  constructor(code, message, ai) {
    super(message);
    this.name = 'Gs1Error';
    this.code = code;
    this.ai = ai;
  }
}

// Every AI of the dictionary, to its entry.
const ENTRIES = new Map();
for (const entry of AI_TABLE) {
  for (let n = Number(entry.first); n <= Number(entry.last); n++) ENTRIES.set(String(n).padStart(entry.first.length, '0'), entry);
}

/**
 * The GS1 Barcode Syntax Dictionary's entry of `ai` (`'3103'`), or undefined: its `title`,
 * `predefinedLength`, the `components` of its value and its Digital Link role (`./gs1-ais.mjs`).
 */
export const aiEntry = (ai) => ENTRIES.get(ai);

// The four fields of a pack identifier and the AI of each.
const FIELDS = [
  ['gtin', '01'],
  ['lot', '10'],
  ['serial', '21'],
  ['expiry', '17'],
];

/**
 * Symbology identifiers a scanner may put in front of GS1 data: GS1 DataMatrix, GS1-128, GS1 QR
 * Code, GS1 DataBar, GS1 DotCode.
 */
export const SYMBOLOGY_IDENTIFIERS = [']d2', ']C1', ']Q3', ']e0', ']J1'];

// Short names of GS1 Digital Link 1.0/1.1 (since deprecated, still met on packs).
const DL_ALIASES = { gtin: '01', cpv: '22', lot: '10', ser: '21', exp: '17', sscc: '00' };

/** Whether `c` is in the GS1 AI encodable character set 82. */
export function isGs1Char(c) {
  return /^[A-Za-z0-9!"%&'()*+,\-./:;<=>?_]$/.test(c);
}

/** The GS1 mod-10 check digit (a character) of `body`, the digits before it. */
export function checkDigit(body) {
  if (!/^\d+$/.test(body)) throw new Gs1Error('InvalidValue', `'${body}' is not all digits`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const d = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether `text` is `length` digits whose last is the GS1 check digit of the others. */
export function hasValidCheckDigit(text, length) {
  return typeof text === 'string' && text.length === length && /^\d+$/.test(text)
    && checkDigit(text.slice(0, -1)) === text.slice(-1);
}

/** Whether `gtin` is a GTIN-14: 14 digits with a valid check digit. */
export const isValidGtin = (gtin) => hasValidCheckDigit(gtin, 14);

/** Whether `sscc` is an SSCC: 18 digits with a valid check digit. */
export const isValidSscc = (sscc) => hasValidCheckDigit(sscc, 18);

/** Completes the digits of a GTIN-14 (13) or an SSCC (17) with their check digit. */
export const withCheckDigit = (body) => body + checkDigit(body);

/**
 * The digits of a GTIN-14 between its indicator digit and its check digit: they start with the
 * GS1 company prefix of the company that allocated it.
 */
export const gtinCompanyDigits = (gtin) => gtin.slice(1, 13);

/**
 * The digits of an SSCC between its extension digit and its check digit: they start with the
 * GS1 company prefix of the company that built the logistic unit.
 */
export const ssccCompanyDigits = (sscc) => sscc.slice(1, 17);

/**
 * Whether a GTIN-14 can never be a registered trade item: a restricted circulation number (GS1
 * prefix 02, 04 or 20 to 29 after the indicator digit) or zeros after the indicator digit, as
 * the supply-chain pallet refuses it (`RestrictedGtin`).
 */
export function isRestrictedGtin(gtin) {
  const digits = gtinCompanyDigits(gtin);
  return /^(02|04|2)/.test(digits) || /^0*$/.test(digits);
}

/**
 * An SSCC of the company prefix `prefix`: the extension digit, the prefix, the serial reference
 * (`reference`, digits, left-padded with zeros to fill the 17) and the check digit.
 */
export function makeSscc(extension, prefix, reference) {
  const width = 16 - prefix.length;
  if (!/^\d$/.test(String(extension))) throw new Gs1Error('InvalidValue', `an SSCC's extension digit is one digit, got '${extension}'`, '00');
  if (!/^\d{4,12}$/.test(prefix)) throw new Gs1Error('InvalidValue', `a GS1 company prefix is 4 to 12 digits, got '${prefix}'`, '00');
  const ref = String(reference);
  if (!/^\d+$/.test(ref) || ref.length > width) throw new Gs1Error('InvalidValue', `the serial reference under prefix ${prefix} is at most ${width} digits, got '${ref}'`, '00');
  return withCheckDigit(`${extension}${prefix}${ref.padStart(width, '0')}`);
}

const isLeap = (year) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(year, month) {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The full year of a two-digit year by the GS1 century rule: up to 50 years ahead of or 49
 * years back from `currentYear`.
 */
export function fullYear(yy, currentYear) {
  const currentYy = currentYear % 100;
  const century = currentYear - currentYy;
  const diff = yy - currentYy;
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

/**
 * Checks an expiry date `YYMMDD` (AI 17): month 01-12, day 00 (end of month) to the month's
 * last day, the century fixed by the GS1 rule at `now`. Returns the date as `YYYY-MM-DD` (the
 * last day of the month for day 00); throws `InvalidExpiry` otherwise.
 */
export function expiryDate(expiry, now = new Date()) {
  const fail = (why) => {
    throw new Gs1Error('InvalidExpiry', `invalid expiry (17) '${expiry}': ${why}`, '17');
  };
  if (typeof expiry !== 'string' || !/^\d{6}$/.test(expiry)) fail('expected 6 digits YYMMDD');
  const [yy, month, day] = [0, 2, 4].map((i) => Number(expiry.slice(i, i + 2)));
  if (month < 1 || month > 12) fail(`month ${expiry.slice(2, 4)} is not 01-12`);
  const year = fullYear(yy, now.getUTCFullYear());
  const last = daysInMonth(year, month);
  if (day > last) fail(`day ${expiry.slice(4, 6)} is past the month's last day (${year}-${expiry.slice(2, 4)} has ${last})`);
  const pad = (n) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day === 0 ? last : day)}`;
}

/** `text` with GS characters written `<GS>`, for messages. */
const show = (text) => text.replaceAll(GS, '<GS>');

const CHARSET_NAMES = { N: 'digits', X: 'characters', Y: 'characters of GS1 set 39 (A-Z, 0-9, #, -, /)', Z: 'base64url characters' };

const IN_CHARSET = {
  N: (c) => c >= '0' && c <= '9',
  X: isGs1Char,
  Y: (c) => /^[#\-/0-9A-Z]$/.test(c),
  Z: (c) => /^[A-Za-z0-9_-]$/.test(c),
};

/** What a value of `entry` is made of, for messages: `14 digits`, `1 to 20 characters`. */
function describe(entry) {
  return entry.components
    .map((c) => `${c.optional ? 'optionally ' : ''}${c.min === c.max ? c.max : `${c.min} to ${c.max}`} ${CHARSET_NAMES[c.charset]}`)
    .join(', then ');
}

/** The set length of a value of `entry` whose components are all fixed and mandatory. */
function fixedLength(entry) {
  if (entry.components.some((c) => c.optional || c.min !== c.max)) return undefined;
  return entry.components.reduce((sum, c) => sum + c.max, 0);
}

/**
 * The first character of `part` outside `charset`. Base64url (`Z`) may end with up to two `=`
 * of padding, and then only when its length is a multiple of 3, as the dictionary's reference
 * check has it.
 */
function badCharacter(charset, part) {
  let body = part;
  if (charset === 'Z') {
    body = part.replace(/=+$/, '');
    const pads = part.length - body.length;
    if (pads > 2 || (pads > 0 && part.length % 3 !== 0)) return '=';
  }
  return [...body].find((c) => !IN_CHARSET[charset](c));
}

/** The number written by one to four digits. */
const number = (digits) => (/^\d{1,4}$/.test(digits) ? Number(digits) : undefined);

/**
 * Whether `text` is a date, `YYYYMMDD` when `fourDigitYear` else `YYMMDD`: a month 01 to 12, a
 * day from 01 (00, the month's end, when `dayZero`) to the month's last.
 */
function isDate(text, fourDigitYear, dayZero) {
  const yearLength = fourDigitYear ? 4 : 2;
  if (text.length !== yearLength + 4) return false;
  let year = number(text.slice(0, yearLength));
  const month = number(text.slice(yearLength, yearLength + 2));
  const day = number(text.slice(yearLength + 2));
  if (year === undefined || month === undefined || day === undefined) return false;
  // A two-digit year read as the dictionary's reference checks read it, 20YY or from 72 19YY:
  // a reader without a clock can do no better, and only 29 February of a year 00 depends on it.
  if (!fourDigitYear) year += year >= 72 ? 1900 : 2000;
  return month >= 1 && month <= 12 && day >= (dayZero ? 0 : 1) && day <= daysInMonth(year, month);
}

const isHour = (hh) => hh.length === 2 && number(hh) <= 23;
const isMinute = (mi) => mi.length === 2 && number(mi) <= 59;

// The dictionary's checks made here (pallets/primitives/src/gs1.rs `lint` makes the same): the
// others need outside data (country, currency and media type codes, company prefixes) or are
// not needed to read a value.
const LINTERS = {
  csum: { code: 'BadCheckDigit', check: (p) => /^\d{2,}$/.test(p) && checkDigit(p.slice(0, -1)) === p.slice(-1), detail: (p) => `check digit ${p.slice(-1)} should be ${checkDigit(p.slice(0, -1))}` },
  yymmd0: { code: 'BadDate', check: (p) => isDate(p, false, true), detail: (p) => `'${p}' is not a date YYMMDD` },
  yymmdd: { code: 'BadDate', check: (p) => isDate(p, false, false), detail: (p) => `'${p}' is not a date YYMMDD` },
  yyyymmd0: { code: 'BadDate', check: (p) => isDate(p, true, true), detail: (p) => `'${p}' is not a date YYYYMMDD` },
  yyyymmdd: { code: 'BadDate', check: (p) => isDate(p, true, false), detail: (p) => `'${p}' is not a date YYYYMMDD` },
  hh: { code: 'BadTime', check: isHour, detail: (p) => `'${p}' is not an hour 00-23` },
  mi: { code: 'BadTime', check: isMinute, detail: (p) => `'${p}' is not a minute 00-59` },
  ss: { code: 'BadTime', check: isMinute, detail: (p) => `'${p}' is not a second 00-59` },
  hhmi: { code: 'BadTime', check: (p) => p.length === 4 && isHour(p.slice(0, 2)) && isMinute(p.slice(2)), detail: (p) => `'${p}' is not a time HHMM` },
};

/** The error of a malformed value: the AI, the value and what is wrong with it (`detail`). */
function valueError(code, ai, entry, value, detail) {
  const label = entry.title ? `(${ai}) ${entry.title}` : `(${ai})`;
  const error = new Gs1Error(code, `${label} '${show(value)}': ${detail}`, ai);
  return Object.assign(error, { label, value, detail });
}

/**
 * Checks the value of `ai` against its dictionary `entry`, as `check_value` of
 * pallets/primitives/src/gs1.rs does: no character outside ASCII (none is in any GS1 character
 * set, and lengths then count the same in characters as in Rust's bytes), the length of each
 * component, then each component's characters and checks, in order.
 */
function checkElement(ai, entry, value) {
  const fail = (code, detail) => {
    throw valueError(code, ai, entry, value, detail);
  };
  const notAllowed = (c) => fail('BadCharacter', `character ${JSON.stringify(c)} is not allowed: expected ${describe(entry)}`);
  const nonAscii = [...value].find((c) => c.charCodeAt(0) > 127);
  if (nonAscii !== undefined) notAllowed(nonAscii);
  const parts = [];
  let rest = value;
  for (const component of entry.components) {
    if (rest.length === 0 && component.optional) break;
    const take = Math.min(rest.length, component.max);
    if (take < component.min) fail('TooShort', value.length === 0 ? 'empty' : `too short: expected ${describe(entry)}`);
    parts.push([component, rest.slice(0, take)]);
    rest = rest.slice(take);
  }
  if (rest.length > 0) fail('TooLong', `longer than ${entry.components.reduce((sum, c) => sum + c.max, 0)} characters`);
  for (const [component, part] of parts) {
    const bad = badCharacter(component.charset, part);
    if (bad !== undefined) notAllowed(bad);
    for (const name of component.linters) {
      const linter = LINTERS[name];
      if (linter && !linter.check(part)) fail(linter.code, linter.detail(part));
    }
  }
}

/** The AI at the start of `text` and its entry: the first 2, 3 or 4 digits that are an AI. */
function leadingAi(text) {
  const digits = /^\d{0,4}/.exec(text)[0].length;
  const at = show(text.slice(0, 8));
  if (digits < 2) throw new Gs1Error('Syntax', `expected an AI at '${at}'`);
  for (let len = 2; len <= digits; len++) {
    const entry = ENTRIES.get(text.slice(0, len));
    if (entry) return [text.slice(0, len), entry];
  }
  throw new Gs1Error('UnknownAI', `unknown AI at '${at}': cannot tell where its value ends`);
}

/**
 * The elements of an element string as a scanner sends it, each `[ai, entry, value]`, one at a
 * time so that the caller checks each before the next is read (the order in which the Rust
 * reader finds errors). A symbology identifier and leading GS characters are skipped; a GS ends
 * a value that is not of a predefined length, and may follow one that is.
 */
function* scannedElements(text) {
  let rest = text;
  const id = SYMBOLOGY_IDENTIFIERS.find((s) => rest.startsWith(s));
  if (id) rest = rest.slice(id.length);
  while (rest.startsWith(GS)) rest = rest.slice(1);
  if (rest.length === 0) throw new Gs1Error('Empty', 'no GS1 data');
  while (rest.length > 0) {
    const [ai, entry] = leadingAi(rest);
    const data = rest.slice(ai.length);
    const untilGs = data.includes(GS) ? data.indexOf(GS) : data.length;
    const fixed = fixedLength(entry);
    let end = untilGs;
    if (entry.predefinedLength) {
      if (untilGs < fixed) throw valueError('TooShort', ai, entry, data.slice(0, untilGs), `needs ${fixed} characters`);
      end = fixed;
    } else if (fixed !== undefined && untilGs > fixed) {
      throw valueError('MissingSeparator', ai, entry, data.slice(0, untilGs), `${fixed} characters then more data, without the GS (FNC1) that must end them`);
    }
    yield [ai, entry, data.slice(0, end)];
    rest = data.slice(end);
    if (rest.startsWith(GS)) rest = rest.slice(1);
  }
}

/**
 * The elements of a human readable element string, each `[ai, entry, value]` (`entry`
 * undefined for an AI the dictionary does not have). A value runs to the next `(` + 2-4 digits +
 * `)`: a value containing such a group cannot be written this way (use the barcode form).
 */
function* bracketedElements(text) {
  const marks = [...text.matchAll(/\((\d{2,4})\)/g)];
  if (marks.length === 0 || marks[0].index !== 0) {
    throw new Gs1Error('Syntax', `expected the string to start with an AI in parentheses, e.g. (01), got '${show(text.slice(0, 20))}'`);
  }
  for (const [i, mark] of marks.entries()) {
    const end = i + 1 < marks.length ? marks[i + 1].index : text.length;
    yield [mark[1], ENTRIES.get(mark[1]), text.slice(mark.index + mark[0].length, end)];
  }
}

/**
 * Reads a GS1 element string, as a scanner sends it (GS separated, after an optional symbology
 * identifier `]d2`, `]C1`, `]Q3`, `]e0`, `]J1` and FNC1) or human readable (`(01)…(21)…`), into
 * its elements in order, `[[ai, value], ...]`. Strict, and the same as the chain's crates read
 * it (`parse_element_string`, pallets/primitives/src/gs1.rs): every AI must be in the dictionary
 * and every value valid; an AI given twice with the same value is kept once. Throws a
 * `Gs1Error` whose `code` is the Rust error's (`Gs1Error::code`) and whose `ai` is the AI at
 * fault, when there is one.
 */
export function parseElementString(text) {
  if (typeof text !== 'string') throw new Gs1Error('Syntax', 'expected a string');
  const elements = [];
  for (const [ai, entry, value] of text.startsWith('(') ? bracketedElements(text) : scannedElements(text)) {
    if (!entry) throw new Gs1Error('UnknownAI', `(${ai}) is not an AI of the GS1 Barcode Syntax Dictionary`);
    checkElement(ai, entry, value);
    const seen = elements.find(([other]) => other === ai);
    if (seen && seen[1] !== value) throw new Gs1Error('DuplicateAI', `AI (${ai}) given twice with different values '${seen[1]}' and '${value}'`, ai);
    if (!seen) elements.push([ai, value]);
  }
  return elements;
}

// What the pack-field readers (`parseAis` and those it calls) name a malformed value of the AIs
// of a pack identifier or a logistic unit.
const PACK_ERRORS = {
  '00': ['InvalidValue', 'SSCC'],
  '01': ['InvalidGtin', 'GTIN'],
  '02': ['InvalidGtin', 'GTIN'],
  '10': ['InvalidLot', 'lot'],
  '17': ['InvalidExpiry', 'expiry'],
  '21': ['InvalidSerial', 'serial'],
};
const VALUE_ERRORS = new Set(['TooShort', 'TooLong', 'BadCharacter', 'BadCheckDigit', 'BadDate', 'BadTime', 'MissingSeparator']);

/** `error` as the pack-field readers report it. */
function asPackError(error) {
  if (!(error instanceof Gs1Error)) return error;
  if (error.code === 'Empty') return new Gs1Error('Syntax', 'empty element string');
  if (!VALUE_ERRORS.has(error.code)) return error;
  const [code, what] = PACK_ERRORS[error.ai] ?? ['InvalidValue', 'value'];
  const message = error.value === '' ? `empty ${what} ${error.label}` : `invalid ${what} ${error.label} '${show(error.value)}': ${error.detail}`;
  return new Gs1Error(code, message, error.ai);
}

/** What `read()` returns, its errors as the pack-field readers report them. */
function packFields(read) {
  try {
    return read();
  } catch (error) {
    throw asPackError(error);
  }
}

// Checks a value for the pack-field readers: an AI the dictionary does not have is left
// unchecked, and an expiry date is read by the calendar (`expiryDate`).
function checkValue(ai, value) {
  const entry = ENTRIES.get(ai);
  if (!entry) return;
  if (ai === '17') expiryDate(value);
  checkElement(ai, entry, value);
}

function addField(fields, ai, value) {
  if (ai in fields) {
    if (fields[ai] === value) return;
    throw new Gs1Error('DuplicateAI', `AI (${ai}) given twice with different values '${fields[ai]}' and '${value}'`, ai);
  }
  checkValue(ai, value);
  fields[ai] = value;
}

/**
 * Reads a human readable element string, `(01)09506000134352(17)261231(10)LOT1(21)SER1`, into
 * `{ ai: value }`. A value runs to the next `(` + 2-4 digits + `)`: a lot or serial containing
 * such a group cannot be written this way (use the barcode form).
 */
export function parseBracketed(text) {
  return packFields(() => {
    const fields = {};
    for (const [ai, , value] of bracketedElements(text)) addField(fields, ai, value);
    return fields;
  });
}

/**
 * Reads an element string as encoded in a barcode, into `{ ai: value }`: AIs without
 * parentheses, variable-length values ended by a GS (FNC1) character or the end. A leading
 * FNC1/GS and a symbology identifier (`SYMBOLOGY_IDENTIFIERS`) are skipped.
 */
export function parseBarcode(text) {
  return packFields(() => {
    const fields = {};
    for (const [ai, , value] of scannedElements(text)) addField(fields, ai, value);
    return fields;
  });
}

/** Whether the AIs `given` come in the order of `sequence`, any of them left out. */
function inOrder(given, sequence) {
  let at = 0;
  for (const ai of given) {
    at = sequence.indexOf(ai, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

/**
 * Reads a GS1 Digital Link URI into `{ ai: value }`: the primary key and its qualifiers from
 * the path (`/01/<gtin>/10/<lot>/21/<serial>`, after any path prefix), data attributes from the
 * query string (`?17=261231`). The primary keys, their qualifiers and the AIs allowed as data
 * attributes are the dictionary's. GTIN-8, -12 and -13 are widened to 14 digits; the short
 * names `gtin`, `lot`, `ser`, `exp`... of Digital Link 1.1 are accepted.
 */
export function parseDigitalLink(uri) {
  return packFields(() => readDigitalLink(uri));
}

function readDigitalLink(uri) {
  let url;
  try {
    url = new URL(uri);
  } catch {
    throw new Gs1Error('Syntax', `not a URI: '${uri}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Gs1Error('Syntax', `a GS1 Digital Link is http or https, got '${url.protocol}'`);
  const decode = (s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new Gs1Error('Syntax', `bad percent-encoding in '${s}'`);
    }
  };
  const aiOf = (key) => DL_ALIASES[key] ?? key;
  const isPrimaryKey = (ai) => ENTRIES.get(ai)?.dlPrimaryKey === true;
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  // The primary key is the last occurrence of a key followed by a value: what comes before is
  // the resolver's own path.
  let start = -1;
  for (let i = segments.length - 2; i >= 0; i--) {
    if (isPrimaryKey(aiOf(segments[i])) && (segments.length - i) % 2 === 0) {
      start = i;
      break;
    }
  }
  if (start < 0) throw new Gs1Error('MissingAI', `no GS1 primary key (/01/<gtin>, /00/<sscc>...) in the path '${url.pathname}'`, '01');
  const fields = {};
  const primary = aiOf(segments[start]);
  const alternatives = ENTRIES.get(primary).dlQualifiers;
  const qualifiers = alternatives.flat();
  const given = [];
  for (let i = start; i < segments.length; i += 2) {
    const ai = aiOf(segments[i]);
    let value = decode(segments[i + 1]);
    if (i === start) {
      if (primary === '01' && /^\d{8}$|^\d{12,13}$/.test(value)) value = value.padStart(14, '0');
    } else {
      if (!qualifiers.includes(ai)) throw new Gs1Error('Syntax', `(${ai}) is not a key qualifier of (${primary}) in a Digital Link path`, ai);
      given.push(ai);
      if (!alternatives.some((sequence) => inOrder(given, sequence))) {
        const orders = alternatives.map((sequence) => sequence.map((a) => `(${a})`).join(', ')).join(' or ');
        throw new Gs1Error('Syntax', `key qualifiers of (${primary}) out of order: they go ${orders}`, ai);
      }
    }
    addField(fields, ai, value);
  }
  for (const [key, raw] of url.searchParams) {
    const ai = aiOf(key);
    if (!/^\d{2,4}$/.test(ai)) continue; // Not an AI: other query parameters are ignored.
    const entry = ENTRIES.get(ai);
    if (entry?.dlPrimaryKey || qualifiers.includes(ai)) throw new Gs1Error('Syntax', `(${ai}) belongs in the path of a Digital Link, not the query`, ai);
    if (entry && !entry.dlDataAttribute) throw new Gs1Error('Syntax', `(${ai}) ${entry.title} is not a data attribute of a Digital Link`, ai);
    addField(fields, ai, raw);
  }
  return fields;
}

/**
 * What stands for the GS (FNC1) separator where ASCII 29 cannot be typed or shown: a keyboard
 * wedge scanner configured to send a replacement (`{GS}`, `[GS]`, `~`, `|`, `^`), the caret
 * notation of Ctrl+] (`^]`), the Unicode symbol for GS (`␝`), and `<GS>`, as messages of this
 * module write it. Longest first. All but `<GS>` are outside the GS1 character set 82, so they
 * cannot be part of a value.
 */
export const GS_SUBSTITUTES = ['{GS}', '[GS]', '<GS>', '^]', '\u241d', '~', '|', '^'];

/** `text` with every GS substitute (`GS_SUBSTITUTES`, the `GS` tokens in any case) made a GS. */
export function withGs(text) {
  let out = text;
  for (const sub of GS_SUBSTITUTES) out = out.replace(new RegExp(sub.replace(/[\^$.*+?()[\]{}|\\]/g, '\\$&'), 'gi'), GS);
  return out;
}

/**
 * Reads any of the three forms into `{ ai: value }`. The barcode form may carry GS substitutes
 * (`GS_SUBSTITUTES`) in place of GS characters.
 */
export function parseAis(text) {
  if (typeof text !== 'string') throw new Gs1Error('Syntax', 'expected a string');
  const s = text.trim();
  if (s.length === 0) throw new Gs1Error('Syntax', 'empty input');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return parseDigitalLink(s);
  if (s.startsWith('(')) return parseBracketed(s);
  return parseBarcode(withGs(text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')));
}

/**
 * Reads the package identifier of a pack from a GS1 element string (human readable or barcode
 * form) or a Digital Link. Returns `{ gtin, lot, serial, expiry }` as text; throws a
 * `Gs1Error` when an AI is missing or a value is malformed.
 */
export function parseGs1(text) {
  const fields = parseAis(text);
  const missing = FIELDS.filter(([, ai]) => !(ai in fields));
  if (missing.length) {
    throw new Gs1Error('MissingAI', `missing ${missing.map(([name, ai]) => `(${ai}) ${name}`).join(', ')}: a pack identifier needs GTIN (01), expiry (17), lot (10) and serial (21)`, missing[0][1]);
  }
  return Object.fromEntries(FIELDS.map(([name, ai]) => [name, fields[ai]]));
}

/** Writes a pack identifier as a human readable element string. */
export function toElementString({ gtin, lot, serial, expiry }) {
  return `(01)${gtin}(17)${expiry}(10)${lot}(21)${serial}`;
}

/** Writes a pack identifier as a barcode element string (FNC1 as GS). */
export function toBarcodeString({ gtin, lot, serial, expiry }) {
  return `01${gtin}17${expiry}10${lot}${GS}21${serial}`;
}

/** Writes a pack identifier as a Digital Link URI under `base`. */
export function toDigitalLink({ gtin, lot, serial, expiry }, base = 'https://id.gs1.org') {
  const enc = encodeURIComponent;
  return `${base.replace(/\/$/, '')}/01/${gtin}/10/${enc(lot)}/21/${enc(serial)}?17=${expiry}`;
}
