import type { PiiFinding } from '@followup/contracts';
import { PUBLIC_NAMES } from './person-rules';

const TITLE = String.raw`(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame)\.?`;
/** A capitalised word of a name: letters, marks, apostrophes and hyphens (O'Neil, Smith-Jones, Müller). */
const NAME = String.raw`\p{Lu}[\p{L}\p{M}'’-]*`;
const INITIAL = String.raw`\p{Lu}\.`;
/** Lower-case particles that stand inside a surname (van der Berg, de la Cruz). */
const PARTICLE = String.raw`(?:van|von|de|der|den|del|della|di|da|du|la|le|ter|ten)`;
const BEFORE_NAME = String.raw`(?:${INITIAL}\s+|${PARTICLE}\s+)*`;
/** One or more honorifics, then the name: initials and particles before each capitalised word, as many words as follow. */
const TITLED_NAME = new RegExp(String.raw`\b(?:${TITLE}\s+)+${BEFORE_NAME}${NAME}(?:\s+${BEFORE_NAME}${NAME})*`, 'gu');

/**
 * A person named by an honorific ("Mrs. Smith", "Prof. Dr. Müller", "Dr. J. van der Berg"): a surname alone, which
 * the name model does not read as a person. The finding spans the honorific and every word of the name after it. A
 * public name written so ("Dr. Oetker", "Dr Martens's") is not one. The recipient called so ("Ms. Maria") is one too:
 * an honorific before one name usually stands before a surname, which may be anyone's.
 */
export function findTitledPeople(text: string): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const match of text.matchAll(TITLED_NAME)) {
    const asPublicName = match[0]
      .replace(/['’]s$/u, '')
      .replace(/\.(?=\s)/gu, '')
      .replace(/\s+/gu, ' ')
      .toLowerCase();
    if (PUBLIC_NAMES.has(asPublicName)) continue;
    found.push({ kind: 'other_person', start: match.index, end: match.index + match[0].length });
  }
  return found;
}
