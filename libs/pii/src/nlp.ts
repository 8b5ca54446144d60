import compromise from 'compromise';

/** One of compromise's tagging rules as its match net holds it (the fields its bulk matcher reads). */
interface NetMatch {
  match: string;
  needs: string[];
  wants: string[];
  minWant: number;
  minWords: number;
  ifNo?: string[];
  unTag?: unknown;
}

/** The net: each rule under every word or #Tag it needs or wants, and the rules that need nothing. */
interface MatchNet {
  hooks: Record<string, NetMatch[]>;
  always: NetMatch[];
}

type Term = unknown;
interface CompromiseMethods {
  one: {
    cacheDoc(document: Term[][]): Set<string>[];
    match(document: Term[][], rule: NetMatch): { ptrs: number[][] };
    bulkMatch(document: Term[][], net: MatchNet, methods: CompromiseMethods, options?: { matchOne?: boolean }): unknown[];
  };
}

const keyOrders = new WeakMap<MatchNet['hooks'], Map<string, number>>();

/**
 * The rules that may apply to each sentence: those hooked on a word or tag the sentence has, in the order of the
 * hooks' keys, each match pattern once (its first rule). What compromise 14.17's bulkMatch computes by going
 * through all the net's keys (730 for its tagger) and concatenating their lists for every sentence, a third of its
 * tagging time; here through the sentence's own words and tags.
 */
export function candidateRules(sentences: Set<string>[], hooks: MatchNet['hooks']): NetMatch[][] {
  let order = keyOrders.get(hooks);
  if (!order) {
    order = new Map(Object.keys(hooks).map((key, index) => [key, index]));
    keyOrders.set(hooks, order);
  }
  const rank = order;
  return sentences.map((words) => {
    const keys = [...words].filter((word) => rank.has(word)).sort((a, b) => rank.get(a)! - rank.get(b)!);
    const patterns = new Set<string>();
    const rules: NetMatch[] = [];
    for (const key of keys)
      for (const rule of hooks[key]) {
        if (patterns.has(rule.match)) continue;
        patterns.add(rule.match);
        rules.push(rule);
      }
    return rules;
  });
}

/** compromise 14.17's bulkMatch, step for step, with `candidateRules` as its first step. */
function bulkMatch(document: Term[][], net: MatchNet, methods: CompromiseMethods, options: { matchOne?: boolean } = {}): unknown[] {
  const cache = methods.one.cacheDoc(document);
  const rules = candidateRules(cache, net.hooks).map((candidates, index) => {
    const words = cache[index];
    const applicable = candidates
      .filter((rule) => rule.needs.every((need) => words.has(need)))
      .filter((rule) => rule.ifNo === undefined || !rule.ifNo.some((word) => words.has(word)))
      .filter((rule) => rule.wants.length === 0 || rule.wants.filter((want) => words.has(want)).length >= rule.minWant);
    return [...applicable, ...net.always].filter((rule) => document[index].length >= rule.minWords);
  });
  const found: unknown[] = [];
  for (let sentence = 0; sentence < rules.length; sentence += 1) {
    for (const rule of rules[sentence]) {
      const { ptrs } = methods.one.match([document[sentence]], rule);
      for (const pointer of ptrs) {
        pointer[0] = sentence;
        const hit: NetMatch & { pointer: number[] } = { ...rule, pointer };
        if (rule.unTag !== undefined) hit.unTag = rule.unTag;
        found.push(hit);
      }
      if (ptrs.length > 0 && options.matchOne === true) return [found[0]];
    }
  }
  return found;
}

(compromise.methods() as CompromiseMethods).one.bulkMatch = bulkMatch;

/**
 * compromise's chunker (noun and verb phrases, `.chunks()`) runs on every parse, a tenth of its time; it sets only
 * each term's `chunk`, which nothing here reads (names, roots and tags are the same without it: nlp.spec). It is off
 * for the whole process: a reading that needs chunks (compromise's `.nouns()`, `.verbs()`, `.sentences()`) would have
 * to run `doc.compute('chunks')` first.
 */
const hooks = (compromise as unknown as { hooks: () => string[] }).hooks();
if (hooks.includes('chunks')) hooks.splice(hooks.indexOf('chunks'), 1);

/**
 * compromise, the English model every text reading here uses (PII names, buying intent), with a faster bulk
 * matcher installed and without its chunker; what it tags and finds is the same (libs/pii/src/nlp.spec.ts compares
 * it with compromise's own).
 */
export const nlp = compromise;
