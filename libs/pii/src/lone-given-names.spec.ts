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
    expect(names("cc'd Aurélie and Anne-Marie; Giulia's team wants a demo.")).toEqual([
      ['other_person', 'Aurélie'],
      ['other_person', 'Anne-Marie'],
      ['other_person', 'Giulia'],
    ]);
  });

  it("leaves the lead's own first name, months, days, brands and a name before a company word", () => {
    expect(names('Maria asked for a demo in May; call on Wednesday. Salesforce export, Jordan Logistics, the Paris launch.')).toEqual([]);
  });

  it('leaves a name the sentence uses as a verb or an adjective, a place before a place word, and capitals', () => {
    expect(
      names('Mark the invoice paid. Drew up a plan. Sunny outlook on this one. The Austin office and the Victoria warehouse run on AWS.'),
    ).toEqual([]);
  });

  it('leaves a name after an article, a possessive pronoun, "in" or "&", but not "in" after its verb', () => {
    expect(names("The Alexa rollout, their Wendy's sites, pilots in Georgia, Ben & Jerry's. Loop in Carmen; we pulled in Stefan.")).toEqual(
      [
        ['other_person', 'Carmen'],
        ['other_person', 'Stefan'],
      ],
    );
  });

  it('leaves a lower-case given name and a word inside a longer one', () => {
    expect(names('priya said SophiaBot and the JonasCRM sync are fine.')).toEqual([]);
  });
});
