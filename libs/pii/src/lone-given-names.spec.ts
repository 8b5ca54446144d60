import { findNamesForPrompt } from './detect-pii';
import { findLoneGivenNames } from './person-rules';

const names = (text: string, firstName = 'Maria') =>
  findLoneGivenNames(text, { first_name: firstName }).map(({ kind, start, end }) => [kind, text.slice(start, end)]);

describe('findLoneGivenNames', () => {
  it('finds a given name said without a surname, wherever it stands', () => {
    expect(names('Ask for Priya at reception; Tomasz from procurement signed off. Loop in Carmen and Jonas.')).toEqual([
      ['other_person', 'Priya'],
      ['other_person', 'Tomasz'],
      ['other_person', 'Carmen'],
      ['other_person', 'Jonas'],
    ]);
  });

  it('takes accents and hyphenated names whole, and leaves out the possessive', () => {
    expect(names("cc'd Aurélie, Anne-Marie and Seo-yeon; Giulia's team wants a demo.")).toEqual([
      ['other_person', 'Aurélie'],
      ['other_person', 'Anne-Marie'],
      ['other_person', 'Seo-yeon'],
      ['other_person', 'Giulia'],
    ]);
  });

  it('finds a name after a quote, a dash or "&", before a title, and one compromise guesses to be an adjective', () => {
    expect(names("Note: 'Priya will sign'.\n-Tomasz to send it; Omar & Lucía, co-founder. Kunal approved it. Annalise will call.")).toEqual(
      [
        ['other_person', 'Priya'],
        ['other_person', 'Tomasz'],
        ['other_person', 'Omar'],
        ['other_person', 'Lucía'],
        ['other_person', 'Kunal'],
        ['other_person', 'Annalise'],
      ],
    );
  });

  it("leaves the lead's own first name, accents, case and a compound name's parts aside", () => {
    expect(names('José asked for a demo.', 'Jose')).toEqual([]);
    expect(names('Zoe asked for a demo.', 'Zoë')).toEqual([]);
    expect(names('Anne asked for a demo; Anne-marie too.', 'Anne-Marie')).toEqual([]);
    expect(names('Anne asked for a demo.', 'Anne Marie')).toEqual([]);
  });

  it('leaves months, days, brands, a name after an article or a possessive pronoun, and one before a company word', () => {
    expect(names('Demo in May; call on Wednesday. Salesforce export, Jordan Logistics, the Alexa rollout, their Wendy’s sites.')).toEqual(
      [],
    );
  });

  it('leaves a name the sentence uses as a verb, a place before a place word, and capitals', () => {
    expect(names('Mark the invoice paid. Drew up a plan. Hope to close. The Austin office and the Victoria warehouse run on AWS.')).toEqual(
      [],
    );
  });

  it('leaves a lower-case given name and a word inside a longer one', () => {
    expect(names("priya said SophiaBot, the JonasCRM sync and O'Neil's and Nakamura-Jones's notes are fine.")).toEqual([]);
  });
});

describe('findNamesForPrompt', () => {
  it('reads the text as the detector does: an invisible character or a look-alike letter hides no name', () => {
    const text = 'Ask for Pri\u00ADya or Gr\u0435g, then Mrs. Sm\u200Bith.';
    expect(findNamesForPrompt(text, { first_name: 'Maria' }).map(({ start, end }) => text.slice(start, end))).toEqual([
      'Mrs. Sm\u200Bith',
      'Pri\u00ADya',
      'Gr\u0435g',
      'Sm\u200Bith', // a surname alone is a given name in the lists too; masked with the honorific as one span
    ]);
  });
});
