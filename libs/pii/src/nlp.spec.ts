import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLabelledSet } from './labelled-set';
import { candidateRules, nlp } from './nlp';

const rule = (match: string) => ({ match, needs: [], wants: [], minWant: 0, minWords: 1 });

describe('candidateRules', () => {
  it("takes the rules hooked on a sentence's words and tags in the hooks' order, each pattern once", () => {
    const [x1, y, x2, z] = [rule('x'), rule('y'), rule('x'), rule('z')];
    const hooks = { b: [x1, y], a: [x2, z], '#Noun': [y] };
    const sentences = [new Set(['a', 'b', 'unhooked']), new Set(['#Noun']), new Set(['none'])];
    // keys present in the first sentence in the hooks' order: b, a; a's x is the pattern b's x already gave
    expect(candidateRules(sentences, hooks)).toEqual([[x1, y, z], [y], []]);
    expect(candidateRules(sentences, hooks)[0][0]).toBe(x1);
  });
});

describe('nlp', () => {
  // compromise as it comes, loaded apart so its bulk matcher is its own
  let pristine: typeof nlp;
  jest.isolateModules(() => {
    pristine = jest.requireActual('compromise');
  });
  // every term's tags, roots and offsets, and the people found; term ids are random per parse, and a term's chunk
  // is left out (the chunker does not run here: nothing reads it)
  const reading = (parse: typeof nlp, text: string) => {
    const doc = parse(text);
    doc.compute('root');
    return JSON.stringify(
      [doc.json({ offset: true, terms: { normal: true } }), parse(text).people().json({ offset: true })],
      (key: string, value: unknown) => (key === 'id' || key === 'chunk' ? undefined : value),
    );
  };

  it('tags and finds what compromise itself does, without its chunker, on 400 texts of the development set', () => {
    const texts = parseLabelledSet(readFileSync(join(__dirname, '../../../apps/compliance/test-data/pii/development.jsonl'), 'utf8'))
      .slice(0, 400)
      .map(({ text }) => text);
    const bulkMatchOf = (parse: typeof nlp) => (parse.methods() as { one: { bulkMatch: unknown } }).one.bulkMatch;
    expect(bulkMatchOf(pristine)).not.toBe(bulkMatchOf(nlp));
    expect(pristine.hooks()).toContain('chunks');
    expect(nlp.hooks()).not.toContain('chunks');
    const differing = texts.filter((text) => reading(nlp, text) !== reading(pristine, text));
    expect(differing).toEqual([]);
  });
});
