import { CountryCode, isSupportedCountry } from 'libphonenumber-js';
import type { PiiFinding, PiiKind } from '@followup/contracts';
import { leadCountries } from './lead-country';
import { NormalisedText, normaliseForDetection } from './normalise';
import { caseNames, DirectoryPerson, findDirectoryPeople, findLoneGivenNames, findNamedPeople, Recipient } from './person-rules';
import {
  DEFAULT_PHONE_REGIONS,
  findBankAccounts,
  findCardNumbers,
  findDatesOfBirth,
  findEmails,
  findIbans,
  findNationalIds,
  findPassports,
  findPhones,
  findStreetAddresses,
} from './pii-rules';
import { findTitledPeople } from './titled-people';

/**
 * PII detection for drafts and free text, pure and synchronous. The text is first normalised
 * (`normalise.ts`: NFKC, format characters removed, dashes, spaces and look-alike letters folded, spelled-out
 * emails rewritten); the rules run on that, and every finding is mapped back to its span in the original.
 *
 * | kind | rule |
 * | --- | --- |
 * | `email` | `local@domain.tld`, also `[at]`/`(dot)`, `at`/`dot`/`arroba`/`punto` spellings, spaced-out letters, `＠`, `@@` |
 * | `phone` | libphonenumber-js's number finder read as the lead's country, then each configured region (a length possible there, 7+ digits); a bare digit run or a 7-digit local number only after a phone word (a digit run only as a valid number); not a date, a grouping no plan uses (3-3-3-3, 14+ digits without `+`/`00`), nor a number beside an id word (`SSN`, `BSN`, before or after it) |
 * | `card_number` | 12-19 digits with any separator, Luhn, and a card network's issuer range and length |
 * | `national_id` | US SSN (and ITIN after its word), UK NINO, CA SIN, IN Aadhaar (Verhoeff, after its word) and PAN, ES DNI/NIE (letter), DE Steuer-ID (MOD 11,10) and Personalausweis (7-3-1), FR NIR (key), IT codice fiscale, NL BSN (11-proef), PT NIF, BR CPF; nine-digit ids only with a word naming them (before or right after: `… as his SSN`); not a shape in a longer code (`1Z 84A 771 03 5938`) nor after a product, customer, case or shipment word in its sentence |
 * | `iban` | any case, validated by ibantools (country length and format, mod-97; a failing national check inside the BBAN is still an IBAN) |
 * | `bank_account` | 6-23 digits (spaces, dashes or dots between them, a check letter after them; not an amount in thousands) or a French 11-character account number, the first number after an account word (EN, FR, DE, ES, IT, NL, PT), not after sort code/routing/BLZ/IFSC, an account id or reference |
 * | `date_of_birth` | a date in numbers or words (seven languages, also month and year) after a birth word said of a person; a day and month after a birthday word; not when the birth word is said of a thing (project, company, product… in seven languages) |
 * | `passport` | an uppercase 6-10 character token with 3+ digits after a passport word (seven languages) |
 * | `street_address` | US/UK (number, name, suffix, postcode), FR (`14 rue de …`), DE/NL (`…straße 35`), ES/IT/PT (`Calle … 12`), IN (sector, PIN), unit or flat lines ending in a postcode, PO boxes; not one the sentence calls a name or title (`… is the name of our workshop track`) |
 * | `other_person` | another lead of the tenant (full name, last name, email, phone) or a private person's full name (compromise's model, a listed given name before a surname-like word, or after "colleague", a title or a family word in the drafts' languages, also in lower case when a given name and a surname-like word follow such a word); not the recipient (their names in order, some perhaps left out: `Maria Lopez` for Maria Elena Lopez, not `Pierre Martin` for Jean-Pierre Martin), public figures (a name after `fan of`, `admires`, `à la`, before `as an example` or `'s show`, in the drafts' languages), brands, rooms (also a quoted name after the room word), places, or a surname before a company word (`Kuhn Logistik`) |
 * | `format_characters` | every run of invisible format characters (`\p{Cf}`) |
 *
 * Reference words (order, ticket, invoice, ref, SKU, … in seven languages) nearer to a number than its own
 * kind's word drop phone, card, id and account findings. Where two findings overlap, the more specific kind
 * wins (the order of `KIND_PRIORITY`), then the longer span; format characters are reported besides what they
 * hide. Findings are kinds and character positions only; the matched text is never returned.
 */
export const KIND_PRIORITY: PiiKind[] = [
  'other_person',
  'card_number',
  'iban',
  'national_id',
  'passport',
  'bank_account',
  'date_of_birth',
  'email',
  'phone',
  'street_address',
];

export interface PiiContext {
  /** The tenant's other leads that might be mentioned (the recipient excluded). */
  others?: DirectoryPerson[];
  /** The recipient: their own names are allowed in the draft. */
  recipient?: Recipient;
  /** Regions whose national phone formats the tenant uses (default `DEFAULT_PHONE_REGIONS`). */
  phoneRegions?: CountryCode[];
  /** The lead's country (ISO 3166 alpha-2), read as a phone region too. */
  leadCountry?: string;
}

const overlaps = (a: PiiFinding, b: PiiFinding) => a.start < b.end && b.start < a.end;

const strictlyContains = (outer: PiiFinding, inner: PiiFinding) =>
  outer.start <= inner.start && inner.end <= outer.end && outer.end - outer.start > inner.end - inner.start;

/**
 * Keeps, of overlapping findings, the one that strictly contains the others (an IBAN over the card-like
 * digits inside it, an email over a name inside it), else the one of the more specific kind, then the longer.
 */
export function resolveOverlaps(findings: PiiFinding[]): PiiFinding[] {
  const ranked = [...findings].sort(
    (a, b) => KIND_PRIORITY.indexOf(a.kind) - KIND_PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  let kept: PiiFinding[] = [];
  for (const finding of ranked) {
    const overlapping = kept.filter((other) => overlaps(finding, other));
    if (overlapping.length > 0 && overlapping.every((other) => strictlyContains(finding, other))) {
      kept = kept.filter((other) => !overlapping.includes(other));
    }
    if (!kept.some((other) => overlaps(finding, other))) kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The lead's country first (the likeliest reading of a national number), then the tenant's regions. */
export function phoneRegionsOf(context: PiiContext): CountryCode[] {
  const lead = context.leadCountry?.toUpperCase();
  const regions = context.phoneRegions ?? DEFAULT_PHONE_REGIONS;
  return lead && /^[A-Z]{2}$/.test(lead) ? [...new Set([lead as CountryCode, ...regions])] : regions;
}

/**
 * How to read a lead's national phone numbers: the lead's country (leadCountries), then the country its phone number
 * dials when that differs, then the tenant's configured regions.
 */
export function leadPhoneContext(
  tenantRegions: CountryCode[],
  lead: { country?: string; phone?: string; phoneCountry?: string } = {},
): Pick<PiiContext, 'phoneRegions' | 'leadCountry'> {
  const { country, phoneCountry } = leadCountries(lead);
  const regions = tenantRegions.filter((region) => isSupportedCountry(region));
  if (country === undefined) return { phoneRegions: regions };
  return {
    phoneRegions: phoneCountry && phoneCountry !== country ? [...new Set([phoneCountry, ...regions])] : regions,
    leadCountry: country,
  };
}

type FoundPhone = ReturnType<typeof findPhones>[number];

/**
 * A text read for detection once: normalised, and its phone numbers found once for each list of regions read. A
 * screening that looks its draft's people up in the directory and then detects (directoryCandidates, detectPii)
 * passes the same one to each.
 */
export class DetectionText {
  readonly normalised: NormalisedText;
  private readonly phonesByRegions = new Map<string, FoundPhone[]>();

  constructor(readonly original: string) {
    this.normalised = normaliseForDetection(original);
  }

  static of(text: string | DetectionText): DetectionText {
    return typeof text === 'string' ? new DetectionText(text) : text;
  }

  phones(regions: CountryCode[]): FoundPhone[] {
    const key = regions.join(',');
    let phones = this.phonesByRegions.get(key);
    if (!phones) {
      phones = findPhones(this.normalised.mapped.text, regions);
      this.phonesByRegions.set(key, phones);
    }
    return phones;
  }
}

export function detectPii(text: string | DetectionText, context: PiiContext = {}): PiiFinding[] {
  const read = DetectionText.of(text);
  const { mapped, formatCharacters } = read.normalised;
  const normalised = mapped.text;
  const phones = read.phones(phoneRegionsOf(context));
  const recipient = context.recipient ?? {};
  const structured = resolveOverlaps([
    ...findEmails(normalised),
    ...phones.map(({ kind, start, end }) => ({ kind, start, end })),
    ...findCardNumbers(normalised),
    ...findNationalIds(normalised),
    ...findIbans(normalised),
    ...findBankAccounts(normalised),
    ...findDatesOfBirth(normalised),
    ...findPassports(normalised),
    ...findStreetAddresses(normalised),
    ...findDirectoryPeople(normalised, context.others ?? [], recipient, phones),
  ]);
  // the name model guesses; a structured finding (an address, a phone) wins over its guess. It reads capitals, so it
  // also reads the text with the names a rep typed in lower case or in capitals capitalised (same offsets)
  const cased = caseNames(normalised, recipient, { cautious: true });
  const named = resolveOverlaps([
    ...findNamedPeople(normalised, recipient),
    ...(cased === normalised ? [] : findNamedPeople(cased, recipient)),
  ]).filter((name) => !structured.some((other) => overlaps(name, other)));
  const findings = [...structured, ...named].map((finding) => ({ kind: finding.kind, ...mapped.originalSpan(finding.start, finding.end) }));
  const hidden = formatCharacters.map((run) => ({ kind: 'format_characters' as const, ...run }));
  return [...findings, ...hidden].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The names the LLM's prompt masks besides detectPii's findings, which screening does not take for a person (a draft
 * may name the rep): a name after an honorific (findTitledPeople) and a given name said alone (findLoneGivenNames),
 * read in the text as detectPii reads it, so that no invisible character or look-alike letter hides one; and, where a rep
 * typed names in lower case or capitals, those and every full name in the reading with them capitalised (caseNames,
 * not cautious: a plain given name typed in lower case inside a sentence written with its capitals is masked too).
 */
export function findNamesForPrompt(text: string | DetectionText, recipient: Recipient): PiiFinding[] {
  const { mapped } = DetectionText.of(text).normalised;
  const cased = caseNames(mapped.text, recipient);
  const readings = cased === mapped.text ? [mapped.text] : [mapped.text, cased];
  const found = [
    ...readings.flatMap((reading) => [...findTitledPeople(reading), ...findLoneGivenNames(reading, recipient)]),
    // detectPii reads the full names of its own cautious reading (caseNames); those of this one are read here
    ...(cased === mapped.text ? [] : findNamedPeople(cased, recipient)),
  ];
  return found.map((finding) => ({
    kind: finding.kind,
    ...mapped.originalSpan(finding.start, finding.end),
  }));
}

/**
 * The most distinct words and full names of a draft looked up in the directory; the leads read are bounded apart
 * (compliance's NAME_READ_LIMIT).
 */
const MAX_LOOKED_UP_WORDS = 2_000;

/**
 * The names a word of a draft may be a lead's name in, as findDirectoryPeople matches a name (two letters at least,
 * not after a letter, a digit or a straight apostrophe, not before a letter or a digit): each span from the word's
 * start, or after a hyphen or a curly apostrophe, to its end, or before a hyphen or an apostrophe. So `Smith-Jones`
 * is a finding of Smith's; `Quillinan's`, `James'` and `Patel'll` of Quillinan's, James's and Patel's; `D’Souza` of
 * Souza's; lower-cased. As the first word of a full name a form must end with the word (white space follows it:
 * `Jean-Luc Picard` is a finding of Luc Picard's), as the last it must start with it (`John Smith-Jones` is one of
 * John Smith's).
 */
function nameForms(word: string): { all: string[]; first: string[]; last: string[] } {
  const lower = word.toLowerCase();
  const after = (pattern: RegExp) => [...lower.matchAll(pattern)].map((match) => match.index);
  const starts = [0, ...after(/[-\u2019]/gu).map((index) => index + 1)].filter((index) => /\p{L}/u.test(lower[index] ?? ''));
  const ends = [lower.length, ...after(/['\u2019-]/gu)];
  const spans = (from: number[], to: number[]) => [
    ...new Set(from.flatMap((start) => to.filter((end) => end > start + 1).map((end) => lower.slice(start, end)))),
  ];
  return { all: spans(starts, ends), first: spans(starts, [lower.length]), last: spans([0], ends) };
}

/**
 * Words and contact-like tokens of a draft, to look up only the directory entries that could match: the names its
 * words may be (nameForms), its full names (two words with white space alone between them, as findDirectoryPeople
 * matches a lead's full name), its emails and its phone numbers, lower-cased, each once.
 */
export function directoryCandidates(
  text: string | DetectionText,
  context: Pick<PiiContext, 'phoneRegions' | 'leadCountry'> = {},
): {
  words: string[];
  fullNames: string[];
  emails: string[];
  phones: string[];
} {
  const read = DetectionText.of(text);
  const normalised = read.normalised.mapped.text;
  const tokens = [...normalised.matchAll(/\p{L}[\p{L}\p{M}'\u2019-]*/gu)].map((token) => ({ token, forms: nameForms(token[0]) }));
  const words = [...new Set(tokens.flatMap(({ forms }) => forms.all))].slice(0, MAX_LOOKED_UP_WORDS);
  const fullNames = tokens.flatMap(({ token, forms }, n) => {
    const next = tokens[n + 1];
    const between = next && normalised.slice(token.index + token[0].length, next.token.index);
    if (!next || !between || !/^\s+$/.test(between)) return [];
    return forms.first.flatMap((first) => next.forms.last.map((last) => `${first} ${last}`));
  });
  const emails = [...new Set(findEmails(normalised).map((found) => normalised.slice(found.start, found.end).toLowerCase()))];
  return { words, fullNames: [...new Set(fullNames)].slice(0, MAX_LOOKED_UP_WORDS), emails, phones: directoryPhones(read, context) };
}

/** The phone numbers (E.164, each once) of a text as `context` reads them, to look up in the directory. */
export function directoryPhones(text: string | DetectionText, context: Pick<PiiContext, 'phoneRegions' | 'leadCountry'> = {}): string[] {
  const phones = DetectionText.of(text).phones(phoneRegionsOf(context));
  return [...new Set(phones.map((found) => found.e164))];
}

export function summarizeKinds(findings: PiiFinding[]): Partial<Record<PiiKind, number>> {
  const counts: Partial<Record<PiiKind, number>> = {};
  for (const finding of findings) counts[finding.kind] = (counts[finding.kind] ?? 0) + 1;
  return counts;
}

export type { DirectoryPerson, Recipient };
