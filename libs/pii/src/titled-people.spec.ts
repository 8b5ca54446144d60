import { findTitledPeople } from './titled-people';

const spans = (text: string) => findTitledPeople(text).map(({ kind, start, end }) => [kind, text.slice(start, end)]);

describe('findTitledPeople', () => {
  it('finds a surname after an honorific, with or without its full stop', () => {
    expect(spans('Demo with Mrs. Smith and her CFO Dr Patel; Prof. García-Núñez joined.')).toEqual([
      ['other_person', 'Mrs. Smith'],
      ['other_person', 'Dr Patel'],
      ['other_person', 'Prof. García-Núñez'],
    ]);
  });

  it('takes the whole name after the honorific: first names, initials, particles, several honorifics', () => {
    expect(spans('Met Dr. Jane Patel, Prof. Dr. Müller, Dr. J. Smith and Mr. John Smith-Jones; Dr. van der Berg sends regards.')).toEqual([
      ['other_person', 'Dr. Jane Patel'],
      ['other_person', 'Prof. Dr. Müller'],
      ['other_person', 'Dr. J. Smith'],
      ['other_person', 'Mr. John Smith-Jones'],
      ['other_person', 'Dr. van der Berg'],
    ]);
  });

  it('leaves an honorific without a capitalised name, a word merely ending in one, and public names', () => {
    expect(spans("The doctor said mr. smith is out; Dr. Oetker's and Dr Martens are brands; ask the Drs about it.")).toEqual([]);
  });
});
