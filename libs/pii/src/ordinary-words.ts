import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deu, eng, fra, ita, nld, por, spa } from 'stopword';

/**
 * Ordinary words, for telling a name typed in lower case from a word (caseNames): English words as the en_US Hunspell
 * dictionary (dictionary-en, from SCOWL) spells them, and the function words of the drafts' other languages.
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
const BY_AFFIX = [...AFFIXES.entries()].flatMap(([flag, rules]) => rules.map((rule) => ({ flag, ...rule })));

/**
 * Whether `word` is an English word: a lower-case entry of the dictionary, an ordinary word (`procurement`, `mark`,
 * `john`), or one with a prefix or suffix its affix file allows that entry (`renewals`, `reopened`, `priced`). Its
 * capitalised entries, proper nouns (`Jordan`), are left out.
 */
export function isEnglishWord(word: string): boolean {
  const lower = word.toLowerCase().replace(/’/gu, "'");
  if (STEMS.has(lower)) return true;
  return BY_AFFIX.some(({ flag, kind, strip, affix, condition }) => {
    if (kind === 'SFX' ? !lower.endsWith(affix) : !lower.startsWith(affix)) return false;
    const stem = kind === 'SFX' ? lower.slice(0, lower.length - affix.length) + strip : strip + lower.slice(affix.length);
    return stem.length > 0 && condition.test(stem) && (STEMS.get(stem)?.includes(flag) ?? false);
  });
}

/** English function words (stopword's lists), to tell an English text from one in another of the drafts' languages. */
const ENGLISH_FUNCTION_WORDS = new Set(eng);
/**
 * The function words of the drafts' other languages (stopword's lists: French, German, Spanish, Italian, Dutch,
 * Portuguese) that are none of English's, some of which the name lists hold too (`del`, `nel`, `dann`, `esta`).
 */
const FOREIGN_FUNCTION_WORDS = new Set([fra, deu, spa, ita, nld, por].flat().filter((word) => !ENGLISH_FUNCTION_WORDS.has(word)));

/**
 * Whether `word` (lower case) is a function word of French, German, Spanish, Italian, Dutch or Portuguese and not of
 * English, also written with an accent the lists leave out (`está` for `esta`).
 */
export const isForeignFunctionWord = (word: string): boolean =>
  FOREIGN_FUNCTION_WORDS.has(word) || FOREIGN_FUNCTION_WORDS.has(word.normalize('NFD').replace(/\p{M}/gu, ''));

/** Whether lower-case `words` read as English: as many English function words among them as foreign ones, at least. */
export const readsAsEnglish = (words: string[]): boolean =>
  words.filter((word) => ENGLISH_FUNCTION_WORDS.has(word)).length >= words.filter(isForeignFunctionWord).length;
