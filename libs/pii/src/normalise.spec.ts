import { MappedText } from './mapped-text';
import { normaliseForDetection } from './normalise';

describe('normaliseForDetection', () => {
  it('folds fullwidth characters, dashes, spaces and look-alike letters, and drops format characters', () => {
    const { mapped, formatCharacters } = normaliseForDetection('Gr\u0435g\u200b ０２０\u00a0７９４６\u2011０３２１');
    expect(mapped.text).toBe('Greg 020 7946-0321');
    expect(formatCharacters).toEqual([{ start: 4, end: 5 }]);
    expect(mapped.originalSpan(5, 18)).toEqual({ start: 6, end: 19 });
  });

  it("drops invisible marks that are no format characters, reads the braille blank as a space and other scripts' digits as ASCII", () => {
    expect(normaliseForDetection('bob.miller\uFE0F@corp.com').mapped.text).toBe('bob.miller@corp.com');
    expect(normaliseForDetection('+1\u034F415\u034F555\u034F0132').mapped.text).toBe('+14155550132');
    expect(normaliseForDetection('415\u2800555\u28000132').mapped.text).toBe('415 555 0132');
    expect(normaliseForDetection('\u0664\u0661\u0665 \u096A\u0967\u096B \u06F0\u06F9').mapped.text).toBe('415 415 09');
    const { mapped, formatCharacters } = normaliseForDetection('call 4111\u034F1111');
    expect(formatCharacters).toEqual([]);
    expect(mapped.originalSpan(5, 13)).toEqual({ start: 5, end: 14 });
  });

  it('reads two line breaks of any kind as a blank line and leaves a single one other than `\\n` as typed, mapping them back', () => {
    const { mapped } = normaliseForDetection('a\r\nb\rc\r\rd\u2028\u2028e\v \vf\u2029g\x85h');
    // a next line (`\x85`), no whitespace to `\s`, as the carriage return it stands for
    expect(mapped.text).toBe('a\nb\rc\n\nd\n\ne\n \nf\n\ng\rh');
    // with a braille blank or a format character between them, two breaks are still a blank line
    expect(normaliseForDetection('a\r\u2800\rb\r\u200b\rc').mapped.text).toBe('a\n \nb\n\nc');
    // the `\r` of a pair is dropped, its `\n` kept; both units of the separator map to it
    expect(mapped.originalSpan(1, 3)).toEqual({ start: 2, end: 4 });
    expect(mapped.originalSpan(15, 17)).toEqual({ start: 16, end: 17 });
    expect(mapped.originalSpan(17, 20)).toEqual({ start: 17, end: 20 });
  });

  it('rewrites spelled-out and spaced-out email addresses, mapping them to the whole original', () => {
    expect(normaliseForDetection('mail seamus dot flood at greenisle dot ie now').mapped.text).toBe('mail seamus.flood@greenisle.ie now');
    expect(normaliseForDetection('mail n.said [at] crescent-labs (dot) com').mapped.text).toBe('mail n.said@crescent-labs.com');
    expect(normaliseForDetection('mail ines -at- oak-hollow -dot- co -dot- uk').mapped.text).toBe('mail ines@oak-hollow.co.uk');
    expect(normaliseForDetection('mail rui _at_ vale _dot_ pt').mapped.text).toBe('mail rui@vale.pt');
    // a bracket right after a match that took the spaces before it
    expect(normaliseForDetection('jane [at] [at] acme [dot] com').mapped.text).toBe('jane@@acme.com');
    expect(normaliseForDetection('a b @ c d . e f').mapped.text).toBe('ab@cd.ef');
    const { mapped } = normaliseForDetection('to jane at acme dot com.');
    expect(mapped.text).toBe('to jane@acme.com.');
    expect(mapped.originalSpan(3, 16)).toEqual({ start: 3, end: 23 });
  });

  it('leaves "at" in a sentence and emoji joiners alone', () => {
    expect(normaliseForDetection('meet at the office at noon.').mapped.text).toBe('meet at the office at noon.');
    expect(normaliseForDetection('\u{1F468}\u200d\u{1F469}').formatCharacters).toEqual([]);
  });
});

describe('MappedText', () => {
  it('maps a replaced range to the whole original match', () => {
    const mapped = MappedText.of('abc--def').replace(/-+/, () => '_');
    expect(mapped.text).toBe('abc_def');
    expect(mapped.originalSpan(3, 4)).toEqual({ start: 3, end: 5 });
    expect(mapped.originalSpan(4, 7)).toEqual({ start: 5, end: 8 });
  });
});
