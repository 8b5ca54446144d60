import { MappedText } from './mapped-text';

/**
 * Letters of other scripts that look like Latin ones (Cyrillic and Greek), folded so that `Grеg` with a
 * Cyrillic `е` reads as `Greg`.
 */
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's',
  і: 'i', ї: 'i', ј: 'j', ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w', ь: 'b',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', Ѕ: 'S', І: 'I',
  Ј: 'J', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  ο: 'o', ν: 'v', ι: 'i', κ: 'k', ρ: 'p', τ: 't', υ: 'u', χ: 'x', α: 'a',
}; // prettier-ignore

const FORMAT_CHARACTER = /^\p{Cf}$/u;
/**
 * Characters that show nothing and are not format characters (`\p{Cf}`): the combining grapheme joiner, variation
 * selectors, the Mongolian free variation selectors, Khmer's invisible vowels and the Hangul fillers. Dropped
 * silently (a variation selector is part of many an emoji), so `bob\u034F@corp.com` reads as an address.
 */
const INVISIBLE = /^[\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180D\u180F\u3164\uFE00-\uFE0F\uFFA0\u{E0100}-\u{E01EF}]$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const ASCII_DIGIT = /^[0-9]$/;
const DASH = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]$/;
/** Spaces, the tab and the braille pattern blank, which looks like one. */
const SPACE = /^[\p{Zs}\t\u2800]$/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
/** The line breaks the detectors read: `\n` and the others listed under LINE_BREAKS, as a character class's contents. */
const BREAK = String.raw`\n\r\v\f\x85\u2028\u2029`;
/**
 * Runs of line breaks with only spaces (the braille blank too) or invisible format characters between them. Besides
 * `\n`: the carriage return (old Mac text, or the first of `\r\n`), the vertical tab (a word processor's manual line
 * break), the form feed, the next line (`\x85`) and the line and paragraph separators.
 */
const LINE_BREAKS = new RegExp(String.raw`[${BREAK}](?:(?:[^\S${BREAK}]|[\u2800\p{Cf}])*[${BREAK}])*`, 'gu');
/** One line break. */
const LINE_BREAK = new RegExp(`[${BREAK}]`, 'u');
const NOT_A_LINE_BREAK = new RegExp(`[^${BREAK}]`, 'gu');

/**
 * What each line break other than `\n` reads as, by its index: in a paragraph break (two breaks or more, `\r\n` being
 * one, or a paragraph separator) a `\n` (a separator `\n\n`, the `\r` of `\r\n` nothing), as the name rules' sentences
 * end at a blank line. A single one stays as typed (a next line as `\r`), read as it always was: whitespace a name may
 * run across (`Priya\rKulkarni`), and for compromise a sentence's end (`Best,\rJane Doe\rCustomer Success`).
 */
function lineBreaksOf(text: string): Map<number, string> {
  const readings = new Map<number, string>();
  for (const run of text.matchAll(LINE_BREAKS)) {
    const breaks = run[0].replace(/\r\n/gu, '\n').replace(NOT_A_LINE_BREAK, '');
    const paragraph = breaks.length >= 2 || breaks.includes('\u2029');
    for (let offset = 0; offset < run[0].length; offset += 1) {
      const char = run[0][offset];
      const at = run.index + offset;
      if (char === '\n' || !LINE_BREAK.test(char)) continue;
      if (char === '\r' && text[at + 1] === '\n') readings.set(at, '');
      else if (paragraph) readings.set(at, char === '\u2029' ? '\n\n' : '\n');
      // no whitespace to a regular expression's `\s`, unlike the others: read as the carriage return it stands for
      else if (char === '\x85') readings.set(at, '\r');
    }
  }
  return readings;
}

/** `[at]`, `(at)`, `{at}`, `[@]` and their translations; the same for dots (`(.)`). */
const AT_WORD = '(?:at|ät|äd|arobase|arroba|chiocciola|apenstaartje|klammeraffe)';
const DOT_WORD = '(?:dot|punto|point|punkt|ponto|punt)';
/**
 * Also `jan(a)acme.io`, a bracketed `a` glued to both words, and `clive -at- acme -dot- com` (dashes, underscores or
 * stars). The spaces before a bracket are taken from where their run starts (`(?<!\s)`), or none after a match that
 * took them: tried from every position inside a long run, as a replacement's scan does, the same match cost time in
 * the square of the run's length.
 */
const BRACKETED_AT = new RegExp(
  `(?:(?<!\\s)\\s*)?[\\[({<]\\s*(?:${AT_WORD}|@)\\s*[\\])}>]\\s*|(?<=[A-Za-z0-9])\\(a\\)(?=[A-Za-z0-9])|(?<!\\s)\\s+([-_*])${AT_WORD}\\1\\s+`,
  'i',
);
const BRACKETED_DOT = new RegExp(
  `(?:(?<!\\s)\\s*)?[\\[({<]\\s*(?:${DOT_WORD}|\\.)\\s*[\\])}>]\\s*|(?<!\\s)\\s+([-_*])${DOT_WORD}\\1\\s+`,
  'i',
);
/** Top-level domains an obfuscated address may end in: any country's two letters, or a common generic one. */
const TLD =
  '(?:[A-Za-z]{2}|com|org|net|edu|gov|info|biz|dev|app|tech|online|site|cloud|email|digital|agency|studio|design|shop|store|xyz|global|group|solutions|consulting|systems|company|health|finance|capital|ventures|media|news|blog|world|today|life|pro|name|mobi|travel|jobs|berlin|paris|london|nyc|amsterdam|bayern|wien|swiss|scot|wales|cat|eus|gal|asia|africa|legal|law|bank|insure)';
/** `jane at acme dot com`, `iker punto sanz arroba vascotech punto es`: at least one spelled dot after the at. */
const WORD = '[A-Za-z0-9][A-Za-z0-9_%+-]*';
const SPELLED_DOT = `(?:\\s+${DOT_WORD}\\s+|\\.)`;
/** A spelled-out local part has a letter in it: `booth 22 at expo dot com` is a place, not an address. */
const LOCAL_PART_WITH_A_LETTER = '(?=[A-Za-z0-9_%+.-]*[A-Za-z])';
const SPELLED_EMAIL = new RegExp(
  `\\b${LOCAL_PART_WITH_A_LETTER}${WORD}(?:${SPELLED_DOT}${WORD})*(?:\\s+${AT_WORD}\\s+|\\s*@\\s*)${WORD}(?:${SPELLED_DOT}${WORD})*\\s+${DOT_WORD}\\s+${TLD}\\b`,
  'i',
);
/**
 * A local part with a dot (written or spelled) or an underscore between two of its words, checked ahead: written as
 * words split at each underscore, as `WORD` may hold one too, a name of many underscores could be split in
 * exponentially many ways before the match failed (`account_renewal_status_…`: seconds for 200 characters).
 */
const WITH_A_SEPARATOR = `(?=[A-Za-z0-9_%+-]*(?:_[A-Za-z0-9]|\\.[A-Za-z0-9]|\\s+${DOT_WORD}\\s+[A-Za-z0-9]))`;
/**
 * `jane.doe at acme.co.uk`, `jane dot doe at acme.co.uk`: `at` spelled out, the domain's dots written. Taken when
 * the local part has a dot (written or spelled) or an underscore or an email word comes just before, so `see you
 * at acme.com` stays as it is.
 */
const SPELLED_AT_ONLY = new RegExp(
  `(?:(?<=(?:e-?mail|mail|courriel|correo|write to|écrivez à)(?:\\s+(?:is|address is|est|es|ist))?\\W{0,4})${WORD}|\\b${WITH_A_SEPARATOR}${WORD}(?:(?:\\.|\\s+${DOT_WORD}\\s+)${WORD})*)\\s+${AT_WORD}\\s+${WORD}(?:\\.${WORD})*\\.[A-Za-z]{2,24}\\b`,
  'i',
);
/**
 * `jane @ acme.com`, `jane@ acme.com`, `j . doe @ acme . com`: spaces around an `@` between a local part and a
 * domain with a known TLD (`Slack @sam.cole` is a handle), and on both sides of the dots around it (one space
 * each side, so `at acme. Then` is no domain).
 */
const SPACED_DOT = '(?:\\.| \\. )';
const SPACED_AT = new RegExp(
  `\\b${WORD}(?:${SPACED_DOT}${WORD})*(?:\\s+@\\s*|@\\s+)${WORD}(?:${SPACED_DOT}${WORD})*${SPACED_DOT}${TLD}\\b`,
  'i',
);
/**
 * Single characters separated by single spaces (`j o h n @ a c m e . c o m`), up to the punctuation that ends
 * the sentence after them.
 */
const SPACED_OUT = /(?<!\S)(?:\S ){5,}\S(?=[.,;:!?)]*(?:\s|$))/;

export interface NormalisedText {
  /** The text to run the detectors on, with the way back to the original characters. */
  mapped: MappedText;
  /** Runs of invisible format characters (`\p{Cf}`) in the original text. */
  formatCharacters: { start: number; end: number }[];
}

/** Runs of `\p{Cf}` characters, except a zero-width joiner inside an emoji sequence. */
function formatCharacterRuns(text: string): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  for (let index = 0; index < text.length; index += 1) {
    if (!isHiddenFormatCharacter(text, index)) continue;
    const last = runs[runs.length - 1];
    if (last && last.end === index) last.end = index + 1;
    else runs.push({ start: index, end: index + 1 });
  }
  return runs;
}

/**
 * A decimal digit of another script (Arabic-Indic `٤`, Devanagari `४`) as its ASCII digit. Every script's digits
 * are a run of ten code points from zero, so the value is how many digits come before it in its run.
 */
function asciiDigit(char: string): string {
  const codePoint = char.codePointAt(0)!;
  let before = 0;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(codePoint - before - 1))) before += 1;
  return String(before % 10);
}

function isHiddenFormatCharacter(text: string, index: number): boolean {
  if (!FORMAT_CHARACTER.test(text[index])) return false;
  const joinsEmoji =
    text[index] === '\u200d' &&
    PICTOGRAPH.test(text.slice(Math.max(0, index - 2), index)) &&
    PICTOGRAPH.test(text.slice(index + 1, index + 3));
  return !joinsEmoji;
}

/**
 * What the detectors read: NFKC (fullwidth digits and `＠` become ASCII), format characters and other invisible
 * characters removed, dashes and spaces folded to `-` and ` `, line breaks as lineBreaksOf reads them, other scripts'
 * decimal digits to ASCII digits, look-alike Cyrillic and Greek letters folded to Latin, and spelled-out or spaced-out
 * email addresses rewritten as addresses.
 */
export function normaliseForDetection(text: string): NormalisedText {
  const formatCharacters = formatCharacterRuns(text);
  const hidden = new Set(formatCharacters.flatMap(({ start, end }) => Array.from({ length: end - start }, (_, i) => start + i)));
  const lineBreaks = lineBreaksOf(text);
  const folded = MappedText.of(text).mapCodePoints((codePoint, index) => {
    if (hidden.has(index)) return '';
    const lineBreak = lineBreaks.get(index);
    if (lineBreak !== undefined) return lineBreak;
    return [...codePoint.normalize('NFKC')]
      .map((char) => {
        if (INVISIBLE.test(char)) return '';
        if (DASH.test(char)) return '-';
        if (SPACE.test(char)) return ' ';
        if (DECIMAL_DIGIT.test(char) && !ASCII_DIGIT.test(char)) return asciiDigit(char);
        return CONFUSABLES[char] ?? char;
      })
      .join('');
  });
  const mapped = folded
    .replace(SPACED_OUT, (match) => (match[0].includes('@') ? match[0].replace(/ /g, '') : match[0]))
    .replace(/@@+/, () => '@')
    .replace(BRACKETED_AT, () => '@')
    .replace(BRACKETED_DOT, () => '.')
    .replace(SPELLED_EMAIL, (match) =>
      match[0].replace(new RegExp(`\\s+${AT_WORD}\\s+`, 'i'), '@').replace(new RegExp(`\\s+${DOT_WORD}\\s+`, 'gi'), '.'),
    )
    .replace(SPELLED_AT_ONLY, (match) =>
      match[0].replace(new RegExp(`\\s+${AT_WORD}\\s+`, 'i'), '@').replace(new RegExp(`\\s+${DOT_WORD}\\s+`, 'gi'), '.'),
    )
    .replace(SPACED_AT, (match) => match[0].replace(/\s*([@.])\s*/g, '$1'));
  return { mapped, formatCharacters };
}
