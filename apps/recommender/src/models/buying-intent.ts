import { nlp } from '@followup/pii';

/**
 * Buying-intent concepts as word roots (compromise reduces "asked", "costs", "walkthroughs" to "ask", "cost",
 * "walkthrough"), in three groups: the commercial side of a purchase, evaluating the product, and moving on.
 */
const INTENT_ROOTS = new Set([
  // commercial
  'price',
  'pricing',
  'cost',
  'quote',
  'budget',
  'license',
  'licence',
  'licensing',
  'purchase',
  'buy',
  'contract',
  'proposal',
  'invoice',
  'discount',
  'renewal',
  'renew',
  'upgrade',
  'subscription',
  'plan',
  'procurement',
  'seat',
  // evaluating
  'demo',
  'demonstration',
  'trial',
  'pilot',
  'walkthrough',
  'evaluation',
  'evaluate',
  'compare',
  'comparison',
  'onboarding',
  'onboard',
  'rollout',
  'implementation',
  'implement',
  'integration',
  'meeting',
]);

/** Roots that say the lead is moving away, whatever surrounds them. */
const DISINTEREST_ROOTS = new Set(['unsubscribe', 'competitor', 'remove', 'cancel', 'churn']);

/** Words that negate what follows them in the clause, beside those compromise tags #Negative ("not", "never"). */
const NEGATORS = new Set(['no', 'not', 'never', 'without', 'none', 'nor', 'neither']);

/** What ends a negation's reach: a clause break or a contrast. */
const CLAUSE_BREAKS = new Set(['but', 'however', 'although', 'though', 'yet']);

export interface IntentReading {
  /** +1 buying intent, −1 intent negated or disinterest stated, 0 neither. */
  intent: -1 | 0 | 1;
  /** The intent roots read as positive, each once, in order. */
  terms: string[];
  /** The intent roots read under a negation, and disinterest roots. */
  negated: string[];
}

interface Term {
  root: string;
  negative: boolean;
  endsClause: boolean;
}

function termsOf(text: string): Term[] {
  const doc = nlp(text);
  doc.contractions().expand();
  doc.compute('root');
  const sentences = doc.json({ terms: { normal: true } }) as {
    terms: { normal: string; root?: string; tags: string[]; post?: string }[];
  }[];
  return sentences.flatMap((sentence) =>
    sentence.terms.map((term, index) => ({
      root: (term.root ?? term.normal).toLowerCase(),
      negative: term.tags.includes('Negative') || NEGATORS.has(term.normal),
      endsClause: index === sentence.terms.length - 1 || /[;,:.!?]/.test(term.post ?? ''),
    })),
  );
}

/**
 * Reads buying intent from an activity summary: intent words in any inflection, negations scoped to their
 * clause ("no budget this year", "not interested in a demo, but asked for pricing"), and stated disinterest.
 * A negated or disinterested reading wins over a positive one in the same summary.
 */
export function readBuyingIntent(summary: string | undefined): IntentReading {
  const terms: string[] = [];
  const negated: string[] = [];
  let negating = false;
  for (const term of termsOf(summary ?? '')) {
    if (CLAUSE_BREAKS.has(term.root)) negating = false;
    if (term.negative) negating = true;
    if (DISINTEREST_ROOTS.has(term.root) || (negating && (INTENT_ROOTS.has(term.root) || term.root === 'interest'))) {
      if (!negated.includes(term.root)) negated.push(term.root);
    } else if (INTENT_ROOTS.has(term.root) && !terms.includes(term.root)) {
      terms.push(term.root);
    }
    if (term.endsClause) negating = false;
  }
  return { intent: negated.length > 0 ? -1 : terms.length > 0 ? 1 : 0, terms, negated };
}
