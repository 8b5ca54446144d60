import type { PiiFinding, PiiKind } from '@followup/contracts';

/** The placeholder word of each kind, as the model sees it: `<PERSON_1>`, `<PHONE_2>`. */
const PLACEHOLDER_WORDS: Record<PiiKind, string> = {
  email: 'EMAIL',
  phone: 'PHONE',
  card_number: 'CARD',
  national_id: 'NATIONAL_ID',
  iban: 'IBAN',
  bank_account: 'BANK_ACCOUNT',
  date_of_birth: 'DATE_OF_BIRTH',
  street_address: 'ADDRESS',
  other_person: 'PERSON',
  passport: 'PASSPORT',
  format_characters: 'HIDDEN',
};

export interface MaskedValue {
  placeholder: string;
  kind: PiiKind;
  value: string;
}

export interface MaskedTexts<K extends string> {
  texts: Record<K, string>;
  /** What each placeholder stands for; never sent anywhere, only used to restore an answer. */
  vault: MaskedValue[];
}

/**
 * Replaces every finding in each text with a typed placeholder, numbered per kind across all the texts, one
 * placeholder per distinct value; invisible format characters are dropped rather than named.
 */
export function maskTexts<K extends string>(texts: Record<K, string>, findingsOf: (text: string) => PiiFinding[]): MaskedTexts<K> {
  const vault: MaskedValue[] = [];
  const masked = {} as Record<K, string>;
  for (const key of Object.keys(texts) as K[]) {
    const text = texts[key];
    let result = '';
    let cursor = 0;
    for (const finding of joinedOverlaps(findingsOf(text))) {
      result += text.slice(cursor, finding.start);
      cursor = finding.end;
      if (finding.kind === 'format_characters') continue;
      const value = text.slice(finding.start, finding.end);
      let entry = vault.find((candidate) => candidate.kind === finding.kind && candidate.value === value);
      if (!entry) {
        const number = vault.filter((candidate) => candidate.kind === finding.kind).length + 1;
        entry = { placeholder: `<${PLACEHOLDER_WORDS[finding.kind]}_${number}>`, kind: finding.kind, value };
        vault.push(entry);
      }
      result += entry.placeholder;
    }
    masked[key] = result + text.slice(cursor);
  }
  return { texts: masked, vault };
}

/**
 * The findings in order, overlapping ones joined into one span: two finders can read one name differently (a title
 * and its surname, a first and last name), and masking only one of them would send the rest. The span takes the
 * first kind that is not format characters, so a hidden run inside a value never drops the value unmasked.
 */
function joinedOverlaps(findings: readonly PiiFinding[]): Pick<PiiFinding, 'kind' | 'start' | 'end'>[] {
  const joined: Pick<PiiFinding, 'kind' | 'start' | 'end'>[] = [];
  for (const { kind, start, end } of [...findings].sort((a, b) => a.start - b.start)) {
    const last = joined[joined.length - 1];
    if (last && start < last.end) {
      last.end = Math.max(last.end, end);
      if (last.kind === 'format_characters') last.kind = kind;
    } else {
      joined.push({ kind, start, end });
    }
  }
  return joined;
}

const PLACEHOLDER = /<([A-Z_]+)_(\d+)>/g;

export interface RestoredText {
  text: string;
  /** Placeholders left in the text: their values may not appear in a draft, so the answer cannot be used as it is. */
  withheld: string[];
}

/** Puts back the placeholders whose value `mayRestore` allows; any other placeholder stays and is reported. */
export function restoreText(text: string, vault: readonly MaskedValue[], mayRestore: (value: MaskedValue) => boolean): RestoredText {
  const withheld: string[] = [];
  const restored = text.replace(PLACEHOLDER, (placeholder: string) => {
    const entry = vault.find((candidate) => candidate.placeholder === placeholder);
    if (entry && mayRestore(entry)) return entry.value;
    withheld.push(placeholder);
    return placeholder;
  });
  return { text: restored, withheld };
}
