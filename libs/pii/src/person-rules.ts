import nlp from 'compromise';
import type { PiiFinding } from '@followup/contracts';
import { matches } from './pii-rules';

/** What compliance knows about one lead of the tenant, from `lead.upserted`. PII: never logged. */
export interface DirectoryPerson {
  lead_id: string;
  first_name: string;
  last_name?: string;
  email?: string;
  phone?: string;
}

export interface Recipient {
  first_name?: string;
  last_name?: string;
}

/**
 * Names that a name model reads as people but that are companies, brands or public figures: naming them
 * discloses nothing about a private person.
 */
export const PUBLIC_NAMES = new Set([
  'warren buffett', 'steve jobs', 'bill gates', 'elon musk', 'jeff bezos', 'satya nadella', 'tim cook', 'sundar pichai',
  'mark zuckerberg', 'larry page', 'sergey brin', 'jack welch', 'peter drucker', 'simon sinek', 'seth godin', 'coco chanel',
  'henry ford', 'walt disney', 'richard branson', 'oprah winfrey', 'sheryl sandberg', 'jack ma', 'marc benioff', 'dale carnegie',
  'zig ziglar', 'brian tracy', 'tony robbins', 'john lewis', 'ted baker', 'hugo boss', 'giorgio armani', 'calvin klein',
  'tommy hilfiger', 'ralph lauren', 'charles schwab', 'dow jones', 'roland berger', 'ernst young', 'johnson johnson',
  'procter gamble', 'marks spencer', 'morgan stanley', 'goldman sachs', 'wells fargo', 'dr oetker', 'ada lovelace',
  'alan turing', 'albert einstein', 'isaac newton', 'thomas edison', 'nikola tesla', 'martin luther king', 'abraham lincoln',
  'george washington', 'winston churchill', 'ratan tata', 'mukesh ambani', 'narayana murthy', 'azim premji', 'michael dell',
  'estee lauder', 'paul smith', 'louis vuitton', 'christian dior', 'yves saint laurent', 'jean paul gaultier', 'max mara',
  'ben jerry', 'wall street', 'wall street journal', 'st james', 'victoria beckham', 'james dyson', 'levi strauss',
]); // prettier-ignore

/** Greetings a name model may read as part of the name that follows (`Olá Tiago`). */
const GREETINGS = new Set([
  'hi',
  'hello',
  'hey',
  'dear',
  'olá',
  'ola',
  'hola',
  'bonjour',
  'salut',
  'ciao',
  'hallo',
  'hoi',
  'namaste',
  'thanks',
]);

const TITLE =
  /^(?:dr|mr|mrs|ms|miss|prof|sir|herr|frau|mme|mlle|m|sr|sra|sig|sig\.ra|dott|señor|señora|senhor|senhora|monsieur|madame|signor|signora)\.?\s+/i;
const comparable = (name: string) =>
  name
    .toLowerCase()
    .replace(/['’]s(?![\p{L}])/gu, '')
    .replace(/[^\p{L}\s'’-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Words before a name that say it is a third party, in the languages the drafts are written in. */
const THIRD_PARTY_CUE =
  /(?:colleague|coworker|co-worker|manager|assistant|boss|partner|wife|husband|spouse|neighbou?r|friend|brother|sister|son|daughter|mother|father|cousin|deputy|lead|director|head|founder|accountant|lawyer|advisor|adviser|cfo|ceo|cto|coo|contact|collègue|kollegin|kollege|compañer[oa]|colega|collega|collaboratore|collaboratrice|met|spoke with|cc'd|cc)\s+$/i;
/** A first and last name in any case after such a word and a title: `your neighbour, mrs. eleanor hughes`. */
const TITLED_AFTER_CUE = new RegExp(
  `${THIRD_PARTY_CUE.source.replace(/\\s\+\$$/, '')},?\\s+(?:dr|mr|mrs|ms|miss|prof|herr|frau|mme|sr|sra)\\.?\\s+(\\p{L}[\\p{L}'-]+\\s+\\p{L}[\\p{L}'-]+)(?![\\p{L}])`,
  'iu',
);
const CAPITALISED_FULL_NAME =
  /\p{Lu}[\p{Ll}'-]+(?:\s+(?:de|van|von|der|den|da|di|del|le|la|du|o'|mac|mc)?\s*\p{Lu}[\p{Ll}'-]+){1,2}(?![\p{L}])/uy;
/**
 * Words that make a capitalised pair something other than a person: salutations and season's greetings in the
 * drafts' languages (`Buenos Días`, `Joyeux Noël`) and the names of teams and terms (`Legal Ops`, `Grace Period`).
 */
const NOT_A_NAME = new Set([
  'sir', 'madam', 'madame', 'sirs', 'team', 'all', 'buenos', 'buenas', 'días', 'dias', 'tardes', 'noches', 'joyeux',
  'bonne', 'bon', 'année', 'noël', 'feliz', 'navidad', 'año', 'frohe', 'weihnachten', 'buon', 'natale', 'buona',
  'merry', 'christmas', 'happy', 'new', 'year', 'morning', 'evening', 'ops', 'operations', 'legal', 'sales', 'support',
  'finance', 'marketing', 'procurement', 'department', 'office', 'period', 'group', 'services', 'solutions',
]); // prettier-ignore

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function wordMatches(text: string, word: string): { start: number; end: number }[] {
  if (word.trim().length < 2) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}'])${escapeRegExp(word.trim()).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'giu');
  return [...matches(pattern, text)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

const finding = (start: number, end: number): PiiFinding => ({ kind: 'other_person', start, end });

/**
 * The tenant's OTHER leads: full name (any case), last name (capitalised), email or phone number. The
 * recipient's own names are allowed (the draft greets them).
 */
export function findDirectoryPeople(
  text: string,
  others: DirectoryPerson[],
  recipient: Recipient,
  phones: { start: number; end: number; e164: string }[],
): PiiFinding[] {
  const allowed = new Set([recipient.first_name, recipient.last_name].filter(Boolean).map((name) => name!.trim().toLowerCase()));
  const found: PiiFinding[] = [];
  for (const person of others) {
    const first = person.first_name?.trim();
    const last = person.last_name?.trim();
    if (first && last) for (const hit of wordMatches(text, `${first} ${last}`)) found.push(finding(hit.start, hit.end));
    if (last && !allowed.has(last.toLowerCase())) {
      for (const hit of wordMatches(text, last)) if (/\p{Lu}/u.test(text[hit.start])) found.push(finding(hit.start, hit.end));
    }
    if (person.email) for (const hit of wordMatches(text, person.email)) found.push(finding(hit.start, hit.end));
    if (person.phone) for (const phone of phones) if (phone.e164 === person.phone) found.push(finding(phone.start, phone.end));
  }
  return found;
}

/**
 * Full names of private people outside the directory: the names compromise's English model tags as people,
 * plus a capitalised first-and-last name after a word like "colleague" in any of the drafts' languages. A
 * single name, the recipient, a public figure or brand, and a name after "the"/"our" (`the Ted Baker
 * rollout`) are not findings.
 */
export function findNamedPeople(text: string, recipient: Recipient): PiiFinding[] {
  const recipientNames = new Set(
    [recipient.first_name, recipient.last_name, `${recipient.first_name ?? ''} ${recipient.last_name ?? ''}`]
      .filter(Boolean)
      .map((name) => comparable(name!)),
  );
  const candidates: { start: number; end: number }[] = [];
  for (const person of nlp(text).people().json({ offset: true }) as { text: string; offset: { start: number } }[]) {
    // the offset points at the first word while the text keeps punctuation around it (`- Dr. Caroline Weiss,`)
    const words = person.text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    const start = text.indexOf(words, Math.max(0, person.offset.start - 2));
    if (!words || start < 0) continue;
    // a title or a word like `Kollege` read as the first name is not part of the name
    const cueWord = words.match(/^\p{L}+\s+/u)?.[0];
    const title = words.match(TITLE)?.[0].length ?? (cueWord && THIRD_PARTY_CUE.test(cueWord) ? cueWord.length : 0);
    candidates.push({ start: start + title, end: start + words.length });
  }
  // every capitalised word may start a name, so `Kollegin Franziska Oberhuber` yields `Franziska Oberhuber` too
  for (const wordStart of matches(/(?<![\p{L}])\p{Lu}/u, text)) {
    CAPITALISED_FULL_NAME.lastIndex = wordStart.index;
    const match = CAPITALISED_FULL_NAME.exec(text);
    if (match && THIRD_PARTY_CUE.test(text.slice(Math.max(0, match.index - 20), match.index))) {
      candidates.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  for (const match of matches(TITLED_AFTER_CUE, text)) {
    const start = match.index + match[0].length - match[1].length;
    candidates.push({ start, end: start + match[1].length });
  }
  return candidates
    .filter(({ start, end }) => {
      const name = comparable(text.slice(start, end));
      const words = name.split(' ');
      if (words.length < 2 || PUBLIC_NAMES.has(name)) return false;
      if (words.some((word) => word.length < 2 || recipientNames.has(word) || GREETINGS.has(word) || NOT_A_NAME.has(word))) return false;
      if (!/\p{Lu}/u.test(text[start]) && !TITLED_AFTER_CUE.test(text.slice(Math.max(0, start - 40), end))) return false;
      if (/(?:^|[^\p{L}])(?:the|our|your|their|a|an)\s+$/iu.test(text.slice(Math.max(0, start - 8), start))) return false;
      return !/^\s*&/.test(text.slice(end));
    })
    .map(({ start, end }) => finding(start, end));
}
