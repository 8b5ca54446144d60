import { PII_KINDS } from '@followup/contracts';
import { detectPii, directoryCandidates, resolveOverlaps } from './detect-pii';
import { evaluateDetector, formatScores } from './evaluate-detector';
import { findIbans, luhnValid } from './pii-rules';
import { LABELLED_SAMPLE, parseLabelled, SAMPLE_DIRECTORY, SAMPLE_RECIPIENT } from './pii-sample.fixture';

const context = { others: SAMPLE_DIRECTORY, recipient: SAMPLE_RECIPIENT };
const kindsIn = (text: string) => detectPii(text, context).map((finding) => finding.kind);

describe('detectPii', () => {
  it('finds nothing in the spec example draft', () => {
    expect(
      detectPii(
        "Hi Sarah, I wanted to follow up on your pricing questions from the demo. Let me know if you'd like a customized quote.",
        context,
      ),
    ).toEqual([]);
  });

  it('returns kinds and character positions that point at the PII', () => {
    const text = 'Write to jane.roe@example.com or call (415) 555-0123.';
    const findings = detectPii(text);
    expect(findings).toEqual([
      { kind: 'email', start: 9, end: 29 },
      { kind: 'phone', start: 38, end: 52 },
    ]);
    expect(findings.map((finding) => text.slice(finding.start, finding.end))).toEqual(['jane.roe@example.com', '(415) 555-0123']);
  });

  it('checks card numbers with Luhn and IBANs with mod-97', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(kindsIn('card 4111 1111 1111 1111')).toEqual(['card_number']);
    expect(kindsIn('card 4111 1111 1111 1112')).toEqual([]);
    expect(findIbans('pay DE89 3704 0044 0532 0130 00 now')).toHaveLength(1);
    expect(findIbans('pay DE88 3704 0044 0532 0130 00 now')).toEqual([]);
  });

  it('needs context words for bank accounts, bare nine-digit ids and dates of birth', () => {
    expect(kindsIn('Hi Sarah, reference 000123456789 attached.')).toEqual([]);
    expect(kindsIn('Hi Sarah, account number 000123456789 attached.')).toEqual(['bank_account']);
    expect(kindsIn('Hi Sarah, PO 219099999 approved.')).toEqual([]);
    expect(kindsIn('Hi Sarah, SSN 219099999 approved.')).toEqual(['national_id']);
    expect(kindsIn('Hi Sarah, see you on 03/14/2026.')).toEqual([]);
    expect(kindsIn('Hi Sarah, born on 03/14/1985.')).toEqual(['date_of_birth']);
  });

  it("allows the recipient's own names but not another lead's names or contacts", () => {
    expect(kindsIn('Hi Sarah Lee, thanks!')).toEqual([]);
    expect(kindsIn('Hi Sarah, Priya Raman says hello.')).toEqual(['other_person']);
    expect(kindsIn('Hi Sarah, write to priya.raman@globexmail.com.')).toEqual(['other_person']);
    expect(kindsIn('Hi Sarah, write to someone.else@globexmail.com.')).toEqual(['email']);
    // a first name that is an everyday word counts only as part of the full name
    expect(kindsIn('Hi Sarah, Will you join? Will Okafor did.')).toEqual(['other_person']);
    // another lead sharing the recipient's first name: the first name alone is allowed, the full name is not
    expect(kindsIn('Hi Sarah, Sarah Whitfield mentioned you.')).toEqual(['other_person']);
  });

  it('keeps the more specific kind when findings overlap', () => {
    expect(
      resolveOverlaps([
        { kind: 'phone', start: 10, end: 24 },
        { kind: 'other_person', start: 10, end: 24 },
        { kind: 'street_address', start: 30, end: 40 },
      ]),
    ).toEqual([
      { kind: 'other_person', start: 10, end: 24 },
      { kind: 'street_address', start: 30, end: 40 },
    ]);
  });

  it('lists the directory look-up candidates of a draft', () => {
    expect(directoryCandidates('Hi Priya, mail P.Raman@Globex.com or +1 415 555 0199')).toEqual({
      words: expect.arrayContaining(['hi', 'priya', 'mail']),
      emails: ['p.raman@globex.com'],
      phones: ['+14155550199'],
    });
  });
});

describe('precision and recall on the labelled sample', () => {
  const sample = LABELLED_SAMPLE.map(parseLabelled);
  const scores = evaluateDetector(sample, context);

  it('is a sample of 40+ texts with positives of every kind and negatives', () => {
    expect(sample.length).toBeGreaterThanOrEqual(40);
    expect(sample.filter((labelled) => labelled.spans.length === 0).length).toBeGreaterThanOrEqual(15);
    for (const kind of PII_KINDS) expect(scores.find((score) => score.kind === kind)!.labelled).toBeGreaterThanOrEqual(4);
  });

  it.each(PII_KINDS)('%s: precision and recall at least 0.9', (kind) => {
    const score = scores.find((candidate) => candidate.kind === kind)!;
    expect(score.precision).toBeGreaterThanOrEqual(0.9);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('formats the table', () => {
    const table = formatScores(scores, sample.length);
    expect(table).toContain('| kind | labelled | TP | FP | FN | precision | recall |');
    expect(table.split('\n')).toHaveLength(4 + PII_KINDS.length + 1);
  });

  it('counts a finding of the wrong kind as a false positive and a miss', () => {
    const [wrong] = evaluateDetector([{ text: 'x', spans: [{ kind: 'email', start: 0, end: 1 }] }], {}, () => [
      { kind: 'phone', start: 0, end: 1 },
    ]).filter((score) => score.kind === 'phone');
    expect(wrong).toMatchObject({ false_positives: 1, precision: 0 });
  });
});
