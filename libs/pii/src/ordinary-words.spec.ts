import { isEnglishFunctionWord, isEnglishWord, isForeignFunctionWord, readsAsEnglish } from './ordinary-words';

describe('isEnglishWord', () => {
  it('holds the dictionary’s lower-case entries with a prefix, a suffix or both, and hyphenated ones, not names', () => {
    const words = ['procurement', 'mark', 'grace', 'renewals', 'reopened', 'priced', 'rescheduled', 'disagreed', 'follow-up', 'sign-off'];
    expect(words.filter(isEnglishWord)).toEqual(words);
    expect(['priya', 'wanjiru', 'olusegun', 'jordan', 'tmrw', 'follow-priya'].filter(isEnglishWord)).toEqual([]);
  });
});

describe('function words and the language of a note', () => {
  it('knows the other languages’ function words, with or without their accents; none of English’s, nor its words', () => {
    expect(['del', 'nel', 'dann', 'está', 'avec', 'aucune'].filter(isForeignFunctionWord)).toHaveLength(6);
    expect(['the', 'with', 'will', 'want', 'w', 'priya'].filter(isForeignFunctionWord)).toEqual([]);
    expect(['the', 'with', 'for'].filter(isEnglishFunctionWord)).toHaveLength(3);
  });

  it('reads a note as English unless more of its words are another language’s function words', () => {
    expect(readsAsEnglish('spoke with priya about the renewal'.split(' '))).toBe(true);
    expect(readsAsEnglish('ping dan re pricing will follow up'.split(' '))).toBe(true);
    expect(readsAsEnglish('per joost po approved'.split(' '))).toBe(true);
    expect(readsAsEnglish('el pedido está confirmado antes del lunes'.split(' '))).toBe(false);
    expect(readsAsEnglish('aucune nouvelle depuis lundi'.split(' '))).toBe(false);
    expect(readsAsEnglish('le client a signé le devis'.split(' '))).toBe(false);
  });
});
