import { readBuyingIntent } from './buying-intent';

describe('readBuyingIntent', () => {
  it.each([
    ['Requested pricing information during product demo.', 1, ['price', 'demo'], []],
    ['Asked about licensing costs for the whole department.', 1, ['licensing', 'cost'], []],
    ['Wants a walkthrough for her team next week.', 1, ['walkthrough'], []],
    ['No budget this year.', -1, [], ['budget']],
    ['Said they are not interested in a demo right now.', -1, [], ['interest', 'demo']],
    ["Didn't ask for a quote; wants a trial", -1, ['trial'], ['quote']],
    ['Not interested in a demo, but asked for pricing.', -1, ['price'], ['interest', 'demo']],
    ['Asked to unsubscribe from the newsletter.', -1, [], ['unsubscribe']],
    ['Read the newsletter.', 0, [], []],
  ])('%s', (summary, intent, terms, negated) => {
    expect(readBuyingIntent(summary)).toEqual({ intent, terms, negated });
  });

  it('reads nothing into a missing summary', () => {
    expect(readBuyingIntent(undefined)).toEqual({ intent: 0, terms: [], negated: [] });
  });
});
