import { foldName, listedGivenName, listedSurname } from './name-lists';

describe('name lists', () => {
  it('fold case, accents, apostrophes, hyphens and the letters no accent folding reaches', () => {
    expect(['Seo-yeon', 'Zoë O’Neil', 'ÇAĞLA', 'Łukasz', 'Weiß', 'Ørsted'].map(foldName)).toEqual([
      'seoyeon',
      'zoe oneil',
      'cagla',
      'lukasz',
      'weiss',
      'orsted',
    ]);
  });

  it('hold given names of the Dutch, Ghanaian, Zulu and Indian locales, and Korean ones romanized', () => {
    expect(['Femke', 'Kwame', 'Sipho', 'Priya', 'Seo-yeon', 'SEOYEON'].map(listedGivenName)).toEqual([true, true, true, true, true, true]);
  });

  it('hold surnames of the Nigerian, Zulu and Vietnamese locales, and Chinese ones in pinyin', () => {
    expect(['Okonkwo', 'Dlamini', 'Nguyen', 'Wang', 'Zhang'].map(listedSurname)).toEqual([true, true, true, true, true]);
  });

  it('hold neither ordinary words nor names no locale lists', () => {
    expect([listedGivenName('Invoice'), listedGivenName('Olusegun'), listedSurname('Adeyemi')]).toEqual([false, false, false]);
  });
});
