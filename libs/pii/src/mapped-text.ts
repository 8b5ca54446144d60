/**
 * A rewritten text that remembers, for each of its UTF-16 units, the span of the original text it came from,
 * so a finding in the rewritten text maps back to the characters the writer typed.
 */
export class MappedText {
  private constructor(
    readonly text: string,
    private readonly starts: number[],
    private readonly ends: number[],
  ) {}

  static of(text: string): MappedText {
    const starts = Array.from({ length: text.length }, (_, index) => index);
    return new MappedText(
      text,
      starts,
      starts.map((index) => index + 1),
    );
  }

  /** The original span behind `[start, end)` of this text. */
  originalSpan(start: number, end: number): { start: number; end: number } {
    return { start: this.starts[start], end: this.ends[Math.max(start, end - 1)] };
  }

  /** Rewrites each code point; what `rewrite` returns for it maps to that code point's original span. */
  mapCodePoints(rewrite: (codePoint: string, index: number) => string): MappedText {
    let text = '';
    const starts: number[] = [];
    const ends: number[] = [];
    let index = 0;
    for (const codePoint of this.text) {
      const replacement = rewrite(codePoint, index);
      const start = this.starts[index];
      const end = this.ends[index + codePoint.length - 1];
      text += replacement;
      for (let unit = 0; unit < replacement.length; unit += 1) {
        starts.push(start);
        ends.push(end);
      }
      index += codePoint.length;
    }
    return new MappedText(text, starts, ends);
  }

  /** Replaces every match; the replacement maps to the original span of the whole match. */
  replace(pattern: RegExp, replacement: (match: RegExpExecArray) => string): MappedText {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    let text = '';
    const starts: number[] = [];
    const ends: number[] = [];
    let copied = 0;
    const copyUpTo = (position: number) => {
      text += this.text.slice(copied, position);
      starts.push(...this.starts.slice(copied, position));
      ends.push(...this.ends.slice(copied, position));
      copied = position;
    };
    for (let match = global.exec(this.text); match; match = global.exec(this.text)) {
      if (match[0].length === 0) {
        global.lastIndex += 1;
        continue;
      }
      const value = replacement(match);
      if (value === match[0]) continue;
      copyUpTo(match.index);
      const { start, end } = this.originalSpan(match.index, match.index + match[0].length);
      text += value;
      for (let unit = 0; unit < value.length; unit += 1) {
        starts.push(start);
        ends.push(end);
      }
      copied = match.index + match[0].length;
    }
    copyUpTo(this.text.length);
    return new MappedText(text, starts, ends);
  }
}
