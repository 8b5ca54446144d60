import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { eng } from 'stopword';
import stopwords from 'stopwords-iso';

/**
 * Ordinary words, for telling a name typed in lower case from a word (caseNames): English words as the en_US Hunspell
 * dictionary (dictionary-en, from SCOWL) spells them, English function words, and those of the drafts' other languages.
 */

/** One prefix or suffix rule of the dictionary's affix file. */
interface Affix {
  kind: 'PFX' | 'SFX';
  strip: string;
  affix: string;
  condition: RegExp;
}

// dictionary-en's entry point is an ES module that reads these files with a top-level await, which CommonJS cannot
// require: they are read from its folder instead, once, when this module loads
const folder = dirname(require.resolve('dictionary-en'));

function readAffixes(): Map<string, Affix[]> {
  const rules = new Map<string, Affix[]>();
  for (const line of readFileSync(join(folder, 'index.aff'), 'utf8').split('\n')) {
    // a rule's line (not its header, `SFX S Y 4`): flag, what the stem loses, what it gains, what the stem must match
    const rule = /^(PFX|SFX)\s+(\S)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
    if (!rule) continue;
    const [, kind, flag, strip, affix, condition] = rule;
    const list = rules.get(flag) ?? [];
    list.push({
      kind: kind as Affix['kind'],
      strip: strip === '0' ? '' : strip,
      affix: affix === '0' ? '' : affix.split('/')[0],
      condition: new RegExp(kind === 'SFX' ? `${condition}$` : `^${condition}`, 'u'),
    });
    rules.set(flag, list);
  }
  return rules;
}

function readStems(): Map<string, string> {
  const stems = new Map<string, string>();
  const lines = readFileSync(join(folder, 'index.dic'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const [word, flags = ''] = line.trim().split('/');
    if (word && word === word.toLowerCase()) stems.set(word, (stems.get(word) ?? '') + flags);
  }
  return stems;
}

const AFFIXES = readAffixes();
const STEMS = readStems();
const RULES = [...AFFIXES.entries()].flatMap(([flag, rules]) => rules.map((rule) => ({ flag, ...rule })));
const PREFIXES = RULES.filter((rule) => rule.kind === 'PFX');
const SUFFIXES = RULES.filter((rule) => rule.kind === 'SFX');

/** The stems `word` may be with one affix of `rules` taken off, each with the flag its stem must carry. */
const stemsWithout = (word: string, rules: typeof RULES): { stem: string; flag: string }[] =>
  rules.flatMap(({ flag, kind, strip, affix, condition }) => {
    if (kind === 'SFX' ? !word.endsWith(affix) : !word.startsWith(affix)) return [];
    const stem = kind === 'SFX' ? word.slice(0, word.length - affix.length) + strip : strip + word.slice(affix.length);
    return stem.length > 0 && condition.test(stem) ? [{ stem, flag }] : [];
  });

const carries = (stem: string, flags: string[]) => flags.every((flag) => STEMS.get(stem)?.includes(flag) ?? false);

/** Whether one word, no hyphen in it, is an entry, an entry with a prefix or a suffix, or with both (`rescheduled`). */
function isDictionaryForm(lower: string): boolean {
  if (STEMS.has(lower)) return true;
  if (stemsWithout(lower, RULES).some(({ stem, flag }) => carries(stem, [flag]))) return true;
  // every rule of this affix file combines a prefix with a suffix
  return stemsWithout(lower, PREFIXES).some(({ stem, flag }) =>
    stemsWithout(stem, SUFFIXES).some((suffixed) => carries(suffixed.stem, [flag, suffixed.flag])),
  );
}

/**
 * Whether `word` is an English word: a lower-case entry of the dictionary, an ordinary word (`procurement`, `mark`,
 * `john`), or one with a prefix, a suffix or both that its affix file allows that entry (`renewals`, `reopened`,
 * `rescheduled`), or words of those joined by hyphens (`follow-up`, `sign-off`). Its capitalised entries, proper nouns
 * (`Jordan`), are left out; so are British spellings (`organised`).
 */
export function isEnglishWord(word: string): boolean {
  const parts = word.toLowerCase().replace(/’/gu, "'").split('-');
  return parts.every((part) => part.length > 0 && isDictionaryForm(part));
}

/** Whether `word` is an English verb: an entry the dictionary inflects with `-ed` or `-ing` (`chase`, `mark`, `grant`; not `john`). */
export const isEnglishVerb = (word: string): boolean => /[DG]/.test(STEMS.get(word.toLowerCase()) ?? '');

/**
 * The names of the months and weekdays, and yesterday, today and tomorrow, in the drafts' languages, as Node's own
 * ICU writes them (`julio`, `mai`, `morgen`, `domani`): words the name lists hold some of (`Abril`, `Julio`).
 */
const DATE_WORDS = new Set(
  ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt'].flatMap((language) => {
    const months = Array.from({ length: 12 }, (_, month) =>
      new Intl.DateTimeFormat(language, { month: 'long' }).format(new Date(2021, month, 1)),
    );
    const weekdays = Array.from({ length: 7 }, (_, day) =>
      new Intl.DateTimeFormat(language, { weekday: 'long' }).format(new Date(2021, 0, 3 + day)),
    );
    const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    const days = [-1, 0, 1].map((offset) => relative.format(offset, 'day'));
    return [...months, ...weekdays, ...days].map((word) => word.toLowerCase());
  }),
);

/** Whether `word` (lower case) names a month, a weekday or a day near today in one of the drafts' languages. */
export const isDateWord = (word: string): boolean => DATE_WORDS.has(word);

/** English function words: stopword's list, which holds no other language's (stopwords-iso's holds `la`, `de`, `que`). */
const ENGLISH_FUNCTION_WORDS = new Set(eng);
/**
 * The function words of the drafts' other languages: stopwords-iso's lists of French, German, Spanish, Italian, Dutch
 * and Portuguese, fuller than stopword's (`aucune`, `depuis`, `hay`), some of which the name lists hold too (`del`,
 * `nel`, `dann`, `esta`); but none of English's, none of its other words of four letters or more (`will`, `want`;
 * shorter ones are theirs too often: `le`, `la`, `con`) and no single letter (`w` of `w/`).
 */
const FOREIGN_FUNCTION_WORDS = new Set(
  (['fr', 'de', 'es', 'it', 'nl', 'pt'] as const)
    .flatMap((language) => stopwords[language])
    .filter((word) => word.length > 1 && !ENGLISH_FUNCTION_WORDS.has(word) && !(word.length > 3 && isEnglishWord(word))),
);

/** Whether `word` (lower case) is an English function word (`the`, `with`, `for`). */
export const isEnglishFunctionWord = (word: string): boolean => ENGLISH_FUNCTION_WORDS.has(word);

/**
 * Whether `word` (lower case) is a function word of French, German, Spanish, Italian, Dutch or Portuguese and not of
 * English, also written with an accent the lists leave out (`está` for `esta`).
 */
export const isForeignFunctionWord = (word: string): boolean =>
  FOREIGN_FUNCTION_WORDS.has(word) || FOREIGN_FUNCTION_WORDS.has(word.normalize('NFD').replace(/\p{M}/gu, ''));

/**
 * How many of lower-case `words` vote for English, how many for another of the drafts' languages: English function
 * words (no single letter: French `a`) and other English words of four letters or more, against that language's
 * function words that are no English function word and no English word of four letters or more (`pour`). `ping dan re
 * pricing` votes 2 to 1 (ping, pricing; dan); `Le client est ravi, merci pour la démo` 2 to 4 (client, pour; le, est,
 * merci, la).
 */
export function languageVotes(words: string[]): { english: number; foreign: number } {
  const englishWord = (word: string) => isEnglishFunctionWord(word) || (word.length > 3 && isEnglishWord(word));
  return {
    english: words.filter((word) => word.length > 1 && englishWord(word) && !isForeignFunctionWord(word)).length,
    foreign: words.filter((word) => isForeignFunctionWord(word) && !englishWord(word)).length,
  };
}
