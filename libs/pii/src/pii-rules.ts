import { findPhoneNumbersInText } from 'libphonenumber-js';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { PiiFinding, PiiKind } from '@followup/contracts';

/**
 * One detection rule per PII kind. Each rule is a pure function of the text (and, for other people, of
 * the tenant's lead directory) and returns character spans, never the matched text.
 */
export type Span = PiiFinding;

const span = (kind: PiiKind, start: number, end: number): Span => ({ kind, start, end });

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  for (let match = global.exec(text); match; match = global.exec(text)) {
    yield match;
    if (match[0].length === 0) global.lastIndex += 1;
  }
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

// ---------------------------------------------------------------- email

/** `local@domain.tld` (RFC 5322's common subset; quoted local parts and IP literals are not matched). */
const EMAIL = /[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b/;

export function findEmails(text: string): Span[] {
  return [...matches(EMAIL, text)].map((match) => span('email', match.index, match.index + match[0].length));
}

// ---------------------------------------------------------------- phone

/**
 * Phone numbers as libphonenumber-js finds them in free text (valid numbers for their country; national
 * numbers read as `defaultCountry`). Returns the E.164 form too, so the directory rule can compare.
 */
export function findPhones(text: string, defaultCountry: 'US' | 'GB' | 'DE' | 'FR' | 'CA' = 'US'): (Span & { e164: string })[] {
  return findPhoneNumbersInText(text, { defaultCountry }).map((found) => ({
    ...span('phone', found.startsAt, found.endsAt),
    e164: found.number.number,
  }));
}

// ---------------------------------------------------------------- card numbers

/** Luhn (mod 10) checksum, as every payment card number carries. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** 13 to 19 digits, optionally grouped by single spaces or dashes, passing Luhn. */
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/;

export function findCardNumbers(text: string): Span[] {
  return [...matches(CARD, text)]
    .filter((match) => luhnValid(digitsOf(match[0])) && !/^(\d)\1+$/.test(digitsOf(match[0])))
    .map((match) => span('card_number', match.index, match.index + match[0].length));
}

// ---------------------------------------------------------------- national ids

/** US SSN written with separators: area 001-899 except 666, group 01-99, serial 0001-9999. */
const SSN_SEPARATED = /(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])/;
/** Nine digits in a row count as an SSN (or Canadian SIN) only next to words that say so. */
const ID_CONTEXT =
  /\b(?:ssn|social security(?: number| no\.?| #)?|social insurance(?: number)?|sin|tax id|tin|national id(?:entity)?(?: number)?)\b[\s:#.-]{0,6}(?:is|was|=)?[\s:#-]{0,3}$/i;
const NINE_DIGITS = /(?<![\d-])\d{3}[- ]?\d{3}[- ]?\d{3}(?![\d-])/;
/** UK National Insurance number: two letters (not D, F, I, Q, U, V; second not O), six digits, A-D. */
const UK_NINO = /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/;

export function findNationalIds(text: string): Span[] {
  const found = [...matches(SSN_SEPARATED, text)].map((match) => span('national_id', match.index, match.index + match[0].length));
  for (const match of matches(NINE_DIGITS, text)) {
    if (ID_CONTEXT.test(text.slice(Math.max(0, match.index - 40), match.index))) {
      found.push(span('national_id', match.index, match.index + match[0].length));
    }
  }
  for (const match of matches(UK_NINO, text)) found.push(span('national_id', match.index, match.index + match[0].length));
  return found;
}

// ---------------------------------------------------------------- IBAN

/** A country code, two check digits, then up to 30 letters/digits in optional groups of four. */
const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/;

/**
 * IBANs validated by ibantools: the country's length and BBAN format and the ISO 7064 mod-97 check.
 * A candidate that ran into the following word is shortened until it validates.
 */
export function findIbans(text: string): Span[] {
  const found: Span[] = [];
  for (const match of matches(IBAN_CANDIDATE, text)) {
    let candidate = match[0];
    while (candidate.replace(/ /g, '').length >= 15) {
      const electronic = electronicFormatIBAN(candidate);
      if (electronic && isValidIBAN(electronic)) {
        found.push(span('iban', match.index, match.index + candidate.length));
        break;
      }
      candidate = candidate.slice(0, -1).trimEnd();
    }
  }
  return found;
}

// ---------------------------------------------------------------- bank accounts

/** Words that announce a bank account or routing number; the digits must follow within a few words. */
const ACCOUNT_CONTEXT =
  /\b(?:(?:bank |checking |savings |deposit )?account(?: number| no\.?| #)?|acct\.?(?: no\.?| #)?|a\/c(?: no\.?)?|routing(?: number| no\.?| #)?|aba(?: number)?|sort code|bsb)\b/i;
const ACCOUNT_DIGITS = /(?<![\d-])\d(?:[ -]?\d){5,16}(?![\d-])/;
const ACCOUNT_WINDOW = 30;

export function findBankAccounts(text: string): Span[] {
  const found: Span[] = [];
  for (const match of matches(ACCOUNT_DIGITS, text)) {
    const before = text.slice(Math.max(0, match.index - ACCOUNT_WINDOW), match.index);
    const context = [...matches(ACCOUNT_CONTEXT, before)].pop();
    if (!context) continue;
    const between = before.slice(context.index + context[0].length);
    // "account 42 is ..." is an account of ours, not a number; only digits after ':', 'is', '#' or a space count.
    if (/[.!?]/.test(between.replace(/\bno\./i, ''))) continue;
    found.push(span('bank_account', match.index, match.index + match[0].length));
  }
  return found;
}

// ---------------------------------------------------------------- dates of birth

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DATE = new RegExp(
  [
    '\\b\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})\\b',
    '\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b',
    `\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b`,
    `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+\\d{4}\\b`,
  ].join('|'),
  'i',
);
const BIRTH_CONTEXT = /\b(?:born|d\.?o\.?b\.?|date of birth|birth ?date|birthday)\b/i;
const BIRTH_WINDOW = 25;

export function findDatesOfBirth(text: string): Span[] {
  const found: Span[] = [];
  for (const match of matches(DATE, text)) {
    const before = text.slice(Math.max(0, match.index - BIRTH_WINDOW), match.index);
    if (BIRTH_CONTEXT.test(before) && !/[.!?]\s/.test(before.slice(before.search(BIRTH_CONTEXT)))) {
      found.push(span('date_of_birth', match.index, match.index + match[0].length));
    }
  }
  return found;
}

// ---------------------------------------------------------------- street addresses

const STREET_SUFFIX =
  '(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|alley|crescent|close|plaza|loop|row|trail)';
/** A house number (optionally with a letter), one to four name words, and a street suffix. */
const STREET = new RegExp(
  `\\b\\d{1,6}[A-Za-z]?\\s+(?:(?:[NSEW]\\.?|north|south|east|west)\\s+)?(?:(?:\\d{1,3}(?:st|nd|rd|th)|[A-Z][A-Za-z'-]+)\\s+){1,4}${STREET_SUFFIX}\\b\\.?(?:,?\\s+(?:apt|apartment|suite|ste|unit|#)\\.?\\s*#?[A-Za-z0-9-]+)?`,
  'i',
);

export function findStreetAddresses(text: string): Span[] {
  const found: Span[] = [];
  for (const match of matches(STREET, text)) {
    const words = match[0].split(/\s+/).slice(1, -1);
    // Name words must be capitalised (or ordinals): "3 great reasons to drive" is not an address.
    if (!words.every((word) => /^(?:[A-Z]|\d|[NSEW]\.?$|north|south|east|west|apt|apartment|suite|ste|unit|#)/.test(word))) continue;
    found.push(span('street_address', match.index, match.index + match[0].replace(/[.,]$/, '').length));
  }
  return found;
}

// ---------------------------------------------------------------- other people (the tenant's other leads)

/** What compliance knows about one lead of the tenant, from `lead.upserted`. PII: never logged. */
export interface DirectoryPerson {
  lead_id: string;
  first_name: string;
  last_name?: string;
  email?: string;
  phone?: string;
}

/**
 * First names that are also everyday words: alone they are not a finding (too many false positives),
 * only as part of the person's full name.
 */
export const AMBIGUOUS_FIRST_NAMES = new Set([
  'will', 'may', 'june', 'april', 'august', 'mark', 'bill', 'grace', 'hope', 'joy', 'rose', 'art', 'sue', 'pat', 'faith',
  'dawn', 'summer', 'sunny', 'frank', 'rich', 'chase', 'hunter', 'price', 'sky', 'max', 'ray', 'jack', 'rob', 'don',
  'drew', 'gene', 'jean', 'penny', 'ruby', 'iris', 'lily', 'holly', 'ivy', 'amber', 'crystal', 'page', 'paige', 'king',
]); // prettier-ignore

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function wordMatches(text: string, word: string, caseSensitive: boolean): { start: number; end: number }[] {
  if (word.trim().length < 2) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}'])${escapeRegExp(word.trim())}(?![\\p{L}\\p{N}])`, caseSensitive ? 'gu' : 'giu');
  return [...matches(pattern, text)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

const capitalised = (text: string, start: number) => /\p{Lu}/u.test(text[start] ?? '');

/**
 * Names and contact details of the tenant's OTHER leads. The recipient's own first and last name are
 * allowed (the draft greets them); another lead's full name, last name, distinctive first name (written
 * capitalised), email or phone number is a finding.
 */
export function findOtherPeople(
  text: string,
  others: DirectoryPerson[],
  recipient: { first_name?: string; last_name?: string } = {},
  phones: { start: number; end: number; e164: string }[] = findPhones(text),
): Span[] {
  const allowed = new Set([recipient.first_name, recipient.last_name].filter(Boolean).map((name) => name!.trim().toLowerCase()));
  const found: Span[] = [];
  for (const person of others) {
    const first = person.first_name?.trim();
    const last = person.last_name?.trim();
    if (first && last) {
      for (const hit of wordMatches(text, `${first} ${last}`, false)) found.push(span('other_person', hit.start, hit.end));
    }
    if (last && !allowed.has(last.toLowerCase())) {
      for (const hit of wordMatches(text, last, false)) {
        if (capitalised(text, hit.start)) found.push(span('other_person', hit.start, hit.end));
      }
    }
    if (first && !allowed.has(first.toLowerCase()) && !AMBIGUOUS_FIRST_NAMES.has(first.toLowerCase())) {
      for (const hit of wordMatches(text, first, false)) {
        if (capitalised(text, hit.start)) found.push(span('other_person', hit.start, hit.end));
      }
    }
    if (person.email) {
      for (const hit of wordMatches(text, person.email, false)) found.push(span('other_person', hit.start, hit.end));
    }
    if (person.phone) {
      for (const phone of phones) if (phone.e164 === person.phone) found.push(span('other_person', phone.start, phone.end));
    }
  }
  return found;
}
