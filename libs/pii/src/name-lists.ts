import { allLocales } from '@faker-js/faker';
import { romanize } from 'es-hangul';
import { pinyin } from 'pinyin-pro';

/**
 * Given names and surnames of the 70 locales @faker-js/faker writes names for: West and Southern African, South and
 * Southeast Asian, Slavic, Baltic, Nordic, Dutch, Turkish and more, beside the six languages of
 * gender-detection-from-name. Latin-script entries as written; Chinese ones in toneless pinyin (pinyin-pro: 晓明 →
 * `xiaoming`), Korean given names in the Revised Romanization (es-hangul: 서연 → `seoyeon`, written `Seo-yeon` too).
 * Japanese and other scripts have no romanization here. Compared folded (foldName): `Seo-yeon`, `Seoyeon` and `SEOYEON`
 * are one name.
 */
type NameEntries = readonly string[] | Readonly<Record<string, readonly string[] | undefined>> | undefined;

const entries = (list: NameEntries): readonly string[] => {
  if (!list) return [];
  return Array.isArray(list) ? (list as readonly string[]) : Object.values(list).flatMap((names) => names ?? []);
};

const LATIN_NAME = /^[\p{Script=Latin}\p{M}'’-]+$/u;
const HAN_NAME = /^\p{Script=Han}+$/u;
const HANGUL_NAME = /^\p{Script=Hangul}+$/u;

/** Latin letters no accent folding reaches (`ł` is no `l` with a mark in Unicode). */
const UNDECOMPOSED: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', ı: 'i', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th' };

/** A name as the lists compare it: lower case, without accents, apostrophes or hyphens (`Seo-yeon` → `seoyeon`, `Łukasz` → `lukasz`). */
export const foldName = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[\p{M}'’-]/gu, '')
    .toLowerCase()
    .replace(/[łøđðıßæœþ]/gu, (letter) => UNDECOMPOSED[letter]);

const hanToPinyin = (name: string, surname: boolean) =>
  pinyin(name, { toneType: 'none', type: 'array', surname: surname ? 'all' : 'off', nonZh: 'removed' }).join('');

/** Built once when the module loads (about 0.2 s and 19 MB of heap), in each service that screens or masks text. */
function namesOf(kind: 'first_name' | 'last_name'): Set<string> {
  const names = new Set<string>();
  for (const locale of Object.values(allLocales)) {
    for (const name of entries(locale.person?.[kind] as NameEntries)) {
      if (LATIN_NAME.test(name)) names.add(foldName(name));
      else if (HAN_NAME.test(name)) names.add(foldName(hanToPinyin(name, kind === 'last_name')));
      // Korean surnames are written in spellings of their own (김 Kim, 박 Park, 이 Lee), not the romanization's
      else if (HANGUL_NAME.test(name) && kind === 'first_name') names.add(foldName(romanize(name)));
    }
  }
  // no one-letter entry: `a` and `e` are surnames in some lists
  return new Set([...names].filter((name) => name.length >= 2));
}

const GIVEN_NAMES = namesOf('first_name');
const SURNAMES = namesOf('last_name');

/** Whether the lists hold `word` as a given name, case, accents and hyphens aside. */
export const listedGivenName = (word: string): boolean => GIVEN_NAMES.has(foldName(word));

/** Whether the lists hold `word` as a surname, case, accents and hyphens aside. */
export const listedSurname = (word: string): boolean => SURNAMES.has(foldName(word));
