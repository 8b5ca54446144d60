import type { PiiFinding, PiiKind } from '@followup/contracts';
import {
  DirectoryPerson,
  findBankAccounts,
  findCardNumbers,
  findDatesOfBirth,
  findEmails,
  findIbans,
  findNationalIds,
  findOtherPeople,
  findPhones,
  findStreetAddresses,
} from './pii-rules';

/**
 * PII detection for drafts, pure and synchronous. The rules (one per kind, in `pii-rules.ts`):
 *
 * | kind | rule |
 * | --- | --- |
 * | `email` | `local@domain.tld` |
 * | `phone` | libphonenumber-js `findPhoneNumbersInText` (valid numbers only; national numbers read as US) |
 * | `card_number` | 13-19 digits, optionally grouped by spaces or dashes, passing the Luhn check |
 * | `national_id` | US SSN `ddd-dd-dddd` / `ddd dd dddd` (valid area, group, serial); nine digits after "SSN", "social security", "SIN", "tax id", "national id"; UK National Insurance numbers |
 * | `iban` | country code + check digits + BBAN, validated by ibantools (country length and format, ISO 7064 mod-97) |
 * | `bank_account` | 6-17 digits within 30 characters after "account (number/no/#)", "acct", "a/c", "routing", "ABA", "sort code", "BSB", same sentence |
 * | `date_of_birth` | a date (`m/d/yyyy`, `yyyy-mm-dd`, `March 14, 1985`, `14 March 1985`) within 25 characters after "born", "DOB", "date of birth", "birthdate", "birthday", same sentence |
 * | `street_address` | house number + 1-4 capitalised name words (or an ordinal) + a street suffix (Street, St, Ave, Rd, Blvd, Ln, Dr, Ct, Way, Pl, …), optional apartment/suite |
 * | `other_person` | another lead of the tenant: full name, last name or distinctive first name (capitalised), email, phone number; the recipient's own first and last name are allowed |
 *
 * Where two findings overlap, the more specific kind wins (the order of `KIND_PRIORITY`), then the longer span.
 * Findings are kinds and character positions only; the matched text is never returned.
 */
export const KIND_PRIORITY: PiiKind[] = [
  'other_person',
  'card_number',
  'iban',
  'national_id',
  'bank_account',
  'date_of_birth',
  'phone',
  'email',
  'street_address',
];

export interface PiiContext {
  /** The tenant's other leads that might be mentioned (the recipient excluded). */
  others?: DirectoryPerson[];
  /** The recipient: their own names are allowed in the draft. */
  recipient?: { first_name?: string; last_name?: string };
}

const overlaps = (a: PiiFinding, b: PiiFinding) => a.start < b.end && b.start < a.end;

/** Keeps, of overlapping findings, the one of the more specific kind (then the longer one). */
export function resolveOverlaps(findings: PiiFinding[]): PiiFinding[] {
  const ranked = [...findings].sort(
    (a, b) => KIND_PRIORITY.indexOf(a.kind) - KIND_PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PiiFinding[] = [];
  for (const finding of ranked) if (!kept.some((other) => overlaps(finding, other))) kept.push(finding);
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

export function detectPii(text: string, context: PiiContext = {}): PiiFinding[] {
  const phones = findPhones(text);
  const findings: PiiFinding[] = [
    ...findEmails(text),
    ...phones.map(({ kind, start, end }) => ({ kind, start, end })),
    ...findCardNumbers(text),
    ...findNationalIds(text),
    ...findIbans(text),
    ...findBankAccounts(text),
    ...findDatesOfBirth(text),
    ...findStreetAddresses(text),
    ...findOtherPeople(text, context.others ?? [], context.recipient, phones),
  ];
  return resolveOverlaps(findings);
}

/** Words and contact-like tokens of a draft, to look up only the directory entries that could match. */
export function directoryCandidates(text: string): { words: string[]; emails: string[]; phones: string[] } {
  const words = [...new Set((text.match(/\p{L}[\p{L}'-]*/gu) ?? []).map((word) => word.toLowerCase()))].slice(0, 500);
  const emails = [...new Set(findEmails(text).map((found) => text.slice(found.start, found.end).toLowerCase()))];
  const phones = [...new Set(findPhones(text).map((found) => found.e164))];
  return { words, emails, phones };
}

export function summarizeKinds(findings: PiiFinding[]): Partial<Record<PiiKind, number>> {
  const counts: Partial<Record<PiiKind, number>> = {};
  for (const finding of findings) counts[finding.kind] = (counts[finding.kind] ?? 0) + 1;
  return counts;
}

export type { DirectoryPerson };
