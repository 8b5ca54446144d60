import type { PiiFinding } from '@followup/contracts';
import { PUBLIC_NAMES } from './person-rules';

/** English honorifics, with or without their full stop. */
const TITLED_NAME = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame)\.?\s+(\p{Lu}[\p{L}\p{M}'’-]*)/gu;

/**
 * A person named by an honorific and a capitalised word ("Mrs. Smith", "Dr Patel"): a surname without its first name,
 * which the name model does not read as a person. The finding spans the honorific too. A public name written so
 * ("Dr. Oetker", "Dr Martens") is not one.
 */
export function findTitledPeople(text: string): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const match of text.matchAll(TITLED_NAME)) {
    const titleAndName = match[0]
      .replace(/\.(?=\s)/, '')
      .replace(/\s+/g, ' ')
      .toLowerCase();
    if (PUBLIC_NAMES.has(titleAndName)) continue;
    found.push({ kind: 'other_person', start: match.index, end: match.index + match[0].length });
  }
  return found;
}
