import { isEnglishWord, isForeignFunctionWord, readsAsEnglish } from './ordinary-words';

describe('isEnglishWord', () => {
  it('holds the dictionary’s lower-case entries and their affixed forms, not names', () => {
    expect(['procurement', 'mark', 'grace', 'renewals', 'reopened', 'priced', 'unhappy'].filter(isEnglishWord)).toHaveLength(7);
    expect(['priya', 'wanjiru', 'olusegun', 'jordan', 'tmrw'].filter(isEnglishWord)).toEqual([]);
  });
});

describe('isForeignFunctionWord and readsAsEnglish', () => {
  it('knows the other languages’ function words, with or without their accents, and none of English’s', () => {
    expect(['del', 'nel', 'dann', 'está', 'avec'].filter(isForeignFunctionWord)).toHaveLength(5);
    expect(['the', 'with', 'priya', 'mark'].filter(isForeignFunctionWord)).toEqual([]);
  });

  it('reads a note as English unless more of its function words are another language’s', () => {
    expect(readsAsEnglish('spoke with priya about the renewal'.split(' '))).toBe(true);
    expect(readsAsEnglish('el pedido está confirmado antes del lunes'.split(' '))).toBe(false);
  });
});
