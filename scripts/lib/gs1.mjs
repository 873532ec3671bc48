// Reading the GS1 package identifier of a drug pack (GTIN, lot, serial, expiry) from what a
// scanner or a person gives: a GS1 element string, either human readable with the AIs in
// parentheses or as encoded in the barcode (FNC1 / GS separated, possibly behind a symbology
// identifier), or a GS1 Digital Link URI. The rules are those the supply-chain pallet applies
// (`pallets/supply-chain/src/gs1.rs`), so what this accepts the chain accepts too.
//
//   parseGs1('(01)09506000134352(17)261231(10)LOT1(21)SER1')
//   parseGs1('\x1d010950600013435217261231' + '10LOT1\x1d21SER1')
//   parseGs1('https://id.example.org/01/09506000134352/10/LOT1/21/SER1?17=261231')
//     -> { gtin: '09506000134352', lot: 'LOT1', serial: 'SER1', expiry: '261231' }
//
// Every malformed input throws a `Gs1Error` whose `code` says what is wrong (`Syntax`,
// `UnknownAI`, `DuplicateAI`, `MissingAI`, `InvalidGtin`, `InvalidLot`, `InvalidSerial`,
// `InvalidExpiry`, `InvalidValue`) and whose message names the AI and the value.

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

// Application identifiers this reader knows: the value's length (`fixed`) or longest length
// (`max`), whether it is numeric, and its name. Enough for drug packs and logistic units; other
// AIs in parentheses are read and ignored, other AIs in a barcode string cannot be delimited
// and are refused.
const AIS = {
  '00': { name: 'SSCC', fixed: 18, numeric: true },
  '01': { name: 'GTIN', fixed: 14, numeric: true },
  '02': { name: 'CONTENT', fixed: 14, numeric: true },
  '10': { name: 'BATCH/LOT', max: 20 },
  '11': { name: 'PROD DATE', fixed: 6, numeric: true },
  '12': { name: 'DUE DATE', fixed: 6, numeric: true },
  '13': { name: 'PACK DATE', fixed: 6, numeric: true },
  '15': { name: 'BEST BEFORE', fixed: 6, numeric: true },
  '16': { name: 'SELL BY', fixed: 6, numeric: true },
  '17': { name: 'USE BY / EXPIRY', fixed: 6, numeric: true },
  '20': { name: 'VARIANT', fixed: 2, numeric: true },
  '21': { name: 'SERIAL', max: 20 },
  '22': { name: 'CPV', max: 20 },
  '235': { name: 'TPX', max: 28 },
  '240': { name: 'ADDITIONAL ID', max: 30 },
  '241': { name: 'CUST. PART No.', max: 30 },
  '30': { name: 'VAR. COUNT', max: 8, numeric: true },
  '37': { name: 'COUNT', max: 8, numeric: true },
  '710': { name: 'NHRN PZN', max: 20 },
  '711': { name: 'NHRN CIP', max: 20 },
  '712': { name: 'NHRN CN', max: 20 },
  '713': { name: 'NHRN DRN', max: 20 },
  '714': { name: 'NHRN AIM', max: 20 },
  '7003': { name: 'EXPIRY TIME', fixed: 10, numeric: true },
};

// The four fields of a pack identifier and the AI of each.
const FIELDS = [
  ['gtin', '01'],
  ['lot', '10'],
  ['serial', '21'],
  ['expiry', '17'],
];

// Symbology identifiers a scanner may put in front of GS1 data: GS1 DataMatrix, GS1-128,
// GS1 QR Code, GS1 DataBar.
const SYMBOLOGY_IDS = [']d2', ']C1', ']Q3', ']e0'];

// Short names of GS1 Digital Link 1.0/1.1 (since deprecated, still met on packs).
const DL_ALIASES = { gtin: '01', cpv: '22', lot: '10', ser: '21', exp: '17', sscc: '00' };

// Primary keys of a Digital Link path and the qualifiers each may have, in order.
const DL_QUALIFIERS = { '01': ['22', '10', '21', '235'], '00': [] };

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

function checkValue(ai, value) {
  const spec = AIS[ai];
  if (!spec) return;
  const label = `(${ai}) ${spec.name}`;
  if (ai === '01' || ai === '02') {
    if (!/^\d{14}$/.test(value)) throw new Gs1Error('InvalidGtin', `invalid GTIN ${label} '${value}': expected 14 digits`, ai);
    if (!isValidGtin(value)) {
      throw new Gs1Error('InvalidGtin', `invalid GTIN ${label} '${value}': check digit ${value.slice(-1)} should be ${checkDigit(value.slice(0, -1))}`, ai);
    }
    return;
  }
  if (ai === '00') {
    if (!isValidSscc(value)) throw new Gs1Error('InvalidValue', `invalid SSCC ${label} '${value}': expected 18 digits with a valid check digit`, ai);
    return;
  }
  if (ai === '17') {
    expiryDate(value);
    return;
  }
  const code = ai === '10' ? 'InvalidLot' : ai === '21' ? 'InvalidSerial' : 'InvalidValue';
  const what = ai === '10' ? 'lot' : ai === '21' ? 'serial' : 'value';
  if (value.length === 0) throw new Gs1Error(code, `empty ${what} ${label}`, ai);
  if (spec.fixed && value.length !== spec.fixed) throw new Gs1Error(code, `invalid ${what} ${label} '${value}': expected ${spec.fixed} characters`, ai);
  if (spec.max && value.length > spec.max) throw new Gs1Error(code, `invalid ${what} ${label} '${value}': longer than ${spec.max} characters`, ai);
  if (spec.numeric && !/^\d+$/.test(value)) throw new Gs1Error(code, `invalid ${what} ${label} '${value}': expected digits`, ai);
  const bad = [...value].find((c) => !isGs1Char(c));
  if (bad !== undefined) {
    throw new Gs1Error(code, `invalid ${what} ${label} '${value}': character ${JSON.stringify(bad)} is not in the GS1 character set`, ai);
  }
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
  const fields = {};
  const re = /\((\d{2,4})\)/g;
  const marks = [...text.matchAll(re)];
  if (marks.length === 0 || marks[0].index !== 0) {
    throw new Gs1Error('Syntax', `expected the string to start with an AI in parentheses, e.g. (01), got '${text.slice(0, 20)}'`);
  }
  marks.forEach((m, i) => {
    const ai = m[1];
    const start = m.index + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1].index : text.length;
    addField(fields, ai, text.slice(start, end));
  });
  return fields;
}

/** `text` with GS characters written `<GS>`, for messages. */
const show = (text) => text.replaceAll(GS, '<GS>');

/** The AI at the start of `text`, from the table of known AIs. */
function leadingAi(text) {
  for (const len of [2, 3, 4]) {
    const ai = text.slice(0, len);
    if (AIS[ai]) return ai;
  }
  return undefined;
}

/**
 * Reads an element string as encoded in a barcode, into `{ ai: value }`: AIs without
 * parentheses, variable-length values ended by a GS (FNC1) character or the end. A leading
 * FNC1/GS and a symbology identifier (`]d2`, `]C1`, `]Q3`, `]e0`) are skipped.
 */
export function parseBarcode(text) {
  let rest = text;
  for (const id of SYMBOLOGY_IDS) if (rest.startsWith(id)) rest = rest.slice(id.length);
  while (rest.startsWith(GS)) rest = rest.slice(1);
  if (rest.length === 0) throw new Gs1Error('Syntax', 'empty element string');
  const fields = {};
  while (rest.length > 0) {
    const ai = leadingAi(rest);
    if (!ai) {
      const at = show(rest.slice(0, 8));
      const what = /^\d{2}/.test(rest) ? `unknown AI at '${at}'` : `expected an AI at '${at}'`;
      throw new Gs1Error(/^\d{2}/.test(rest) ? 'UnknownAI' : 'Syntax', `${what}: cannot tell where its value ends`);
    }
    const spec = AIS[ai];
    rest = rest.slice(ai.length);
    let value;
    if (spec.fixed) {
      value = rest.slice(0, spec.fixed);
      if (value.length < spec.fixed || value.includes(GS)) {
        throw new Gs1Error(ai === '01' ? 'InvalidGtin' : ai === '17' ? 'InvalidExpiry' : 'InvalidValue', `AI (${ai}) ${spec.name} needs ${spec.fixed} characters, got '${value.split(GS)[0]}'`, ai);
      }
      rest = rest.slice(spec.fixed);
      // A GS after a fixed-length field is allowed (some encoders put one).
      if (rest.startsWith(GS)) rest = rest.slice(1);
    } else {
      const end = rest.indexOf(GS);
      value = end < 0 ? rest : rest.slice(0, end);
      rest = end < 0 ? '' : rest.slice(end + 1);
    }
    addField(fields, ai, value);
  }
  return fields;
}

/**
 * Reads a GS1 Digital Link URI into `{ ai: value }`: the primary key and its qualifiers from
 * the path (`/01/<gtin>/10/<lot>/21/<serial>`, after any path prefix), data attributes from the
 * query string (`?17=261231`). GTIN-8, -12 and -13 are widened to 14 digits; the short names
 * `gtin`, `lot`, `ser`, `exp`... of Digital Link 1.1 are accepted.
 */
export function parseDigitalLink(uri) {
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
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  // The primary key is the last occurrence of a key followed by a value: what comes before is
  // the resolver's own path.
  let start = -1;
  for (let i = segments.length - 2; i >= 0; i--) {
    if (DL_QUALIFIERS[aiOf(segments[i])] && (segments.length - i) % 2 === 0) {
      start = i;
      break;
    }
  }
  if (start < 0) throw new Gs1Error('MissingAI', `no GS1 primary key (/01/<gtin>) in the path '${url.pathname}'`, '01');
  const fields = {};
  const primary = aiOf(segments[start]);
  const allowed = DL_QUALIFIERS[primary];
  let order = 0;
  for (let i = start; i < segments.length; i += 2) {
    const ai = aiOf(segments[i]);
    let value = decode(segments[i + 1]);
    if (i === start) {
      if (primary === '01' && /^\d{8}$|^\d{12,13}$/.test(value)) value = value.padStart(14, '0');
    } else {
      const at = allowed.indexOf(ai);
      if (at < 0) throw new Gs1Error('Syntax', `(${ai}) is not a key qualifier of (${primary}) in a Digital Link path`, ai);
      if (at < order) throw new Gs1Error('Syntax', `key qualifiers of (${primary}) out of order: they go ${allowed.map((a) => `(${a})`).join(', ')}`, ai);
      order = at + 1;
    }
    addField(fields, ai, value);
  }
  for (const [key, raw] of url.searchParams) {
    const ai = aiOf(key);
    if (!/^\d{2,4}$/.test(ai)) continue; // Not an AI: other query parameters are ignored.
    if (DL_QUALIFIERS[ai] || allowed.includes(ai)) throw new Gs1Error('Syntax', `(${ai}) belongs in the path of a Digital Link, not the query`, ai);
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
