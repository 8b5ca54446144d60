import { foldName, listedGivenName, listedSurname } from './name-lists';

describe('name lists', () => {
  it('fold case, accents, apostrophes and hyphens', () => {
    expect([foldName('Seo-yeon'), foldName('Zoë O’Neil'), foldName('ÇAĞLA')]).toEqual(['seoyeon', 'zoe oneil', 'cagla']);
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
