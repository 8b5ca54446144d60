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

  it("leaves the lead's own first name: accents and case aside, its start, it with more after, its words side by side", () => {
    expect(names('José asked for a demo.', 'Jose')).toEqual([]);
    expect(names('Zoe asked for a demo.', 'Zoë')).toEqual([]);
    expect(names('Anne asked; Anne-marie and Anne Marie too. Marie from legal and Marie-Anne did not.', 'Anne-Marie')).toEqual([
      ['other_person', 'Marie'],
      ['other_person', 'Marie-Anne'],
    ]);
    expect(names('Maria Jose asked, a Priya-led team; José from IT did not.', 'María José')).toEqual([
      ['other_person', 'Priya-led'],
      ['other_person', 'José'],
    ]);
    expect(names('A Priya-led pilot.', 'Priya')).toEqual([]);
    expect(names('Jo-Ann from procurement asked; Jo agreed.', 'Jo')).toEqual([['other_person', 'Jo-Ann']]);
    // Anne alone begins the lead's name: kept as theirs; Marie-Claire is not the rest of it
    expect(names('Anne Marie-Claire called; Anne Marie did not.', 'Anne Marie')).toEqual([['other_person', 'Marie-Claire']]);
  });

  it('finds a listed name the lexicon also knows as a word away from a sentence start, but not a month', () => {
    expect(names('Ask Frank and Max, loop in Bill. Will send it in May; call June after Dean reviews it.')).toEqual([
      ['other_person', 'Frank'],
      ['other_person', 'Max'],
      ['other_person', 'Bill'],
      ['other_person', 'Dean'],
    ]);
  });

  it('takes neither an abbreviation nor a colon for a sentence end, nor spaces for a text start', () => {
    expect(names('Attendees: Frank, Bill; e.g. Max said yes vs. Dean. Q3: Ray owns it. Told her Priya would call.')).toEqual([
      ['other_person', 'Frank'],
      ['other_person', 'Bill'],
      ['other_person', 'Max'],
      ['other_person', 'Dean'],
      ['other_person', 'Ray'],
      ['other_person', 'Priya'],
    ]);
    expect(names(`Call${' '.repeat(12)}Frank tomorrow, with **Max** too.`)).toEqual([
      ['other_person', 'Frank'],
      ['other_person', 'Max'],
    ]);
  });

  it('takes a closing quote after a full stop, a question or exclamation mark, a line break and a bullet for a sentence start', () => {
    expect(names('She said "ok." Will sends it. Yes or no? Will agrees!\n- Will to call.\n* Frank to sign.')).toEqual([]);
  });

  it('finds a listed name a sentence starts with even where it is a verb, and leaves a word the lexicon knows otherwise', () => {
    expect(names('Mark the invoice paid. Drew up a plan. Hope to close. Sunny outlook.')).toEqual([
      ['other_person', 'Mark'],
      ['other_person', 'Drew'],
      ['other_person', 'Sunny'],
    ]);
  });

  it('leaves months, days, brands, a place, a name after "the" or a possessive pronoun, and one before a company or place word', () => {
    expect(
      names(
        'Demo in May; call on Wednesday. Salesforce export, Jordan Logistics, the Alexa rollout, their Wendy’s sites, the Austin office, Paris, AWS.',
      ),
    ).toEqual([]);
  });

  it('finds a name in a compound, after a capital’s prefix whole, glued to a dash or after an elided article; leaves one in lower case or glued to letters', () => {
    expect(names("CFO-Tomasz call; O'Neil, Nakamura-Jones, d'Isabelle, dell'Anna. priya, SophiaBot, JonasCRM.")).toEqual([
      ['other_person', 'Tomasz'],
      ['other_person', "O'Neil"],
      ['other_person', 'Nakamura-Jones'],
      ['other_person', 'Isabelle'],
      ['other_person', 'Anna'],
    ]);
  });
});

describe('findLoneGivenNames: names from beyond the six languages of the first lists', () => {
  it('finds given names the locales of @faker-js/faker list, a Korean one romanized and written with a hyphen', () => {
    expect(names('Ask for Femke or Kwame at reception. Sipho will join; Seo-yeon from the EMEA team too.')).toEqual([
      ['other_person', 'Femke'],
      ['other_person', 'Kwame'],
      ['other_person', 'Sipho'],
      ['other_person', 'Seo-yeon'],
    ]);
  });

  it('finds a word the lexicon does not know when a rep writes of it as of a person, before or after', () => {
    expect(
      names('Zintle (IT) set up the room. Looped in Senthil re: SSO. Ploy from the partner side wants MDF. Quokka is the codename.'),
    ).toEqual([
      ['other_person', 'Zintle'],
      ['other_person', 'Senthil'],
      ['other_person', 'Ploy'],
    ]);
  });

  it('leaves places and firms written in several words, a holiday the lists hold, products and greetings', () => {
    expect(names('Onsite in Addis Ababa; revisit after Easter. Hubspot needs the API key; Security wants SSO.')).toEqual([]);
  });

  it("masks a private person's name that a public figure bears too", () => {
    expect(names('Looped in Paul Smith from IT; the CEO cited Satya Nadella.')).toEqual([
      ['other_person', 'Paul'],
      ['other_person', 'Smith'],
      ['other_person', 'Satya'],
      ['other_person', 'Nadella'],
    ]);
  });

  it("leaves the lead's own first name written without its hyphen, with a letter folded or an umlaut spelled out", () => {
    expect([names('Hi Seoyeon, thanks.', 'Seo-yeon'), names('Hi Lukasz, thanks.', 'Łukasz'), names('Hej Søren, tak.', 'Soeren')]).toEqual([
      [],
      [],
      [],
    ]);
  });

  it('masks a name ending like a verb, one before what a person does, and the same name written again', () => {
    expect(
      names('Xiaoming from their Shanghai office asked. Kittipong signed off. Rituparna from finance called; Rituparna pushed back.'),
    ).toEqual([
      ['other_person', 'Xiaoming'],
      ['other_person', 'Kittipong'],
      ['other_person', 'Rituparna'],
      ['other_person', 'Rituparna'],
    ]);
  });

  it('masks the unknown word right beside a name found, so no half of a full name goes to the model', () => {
    expect(names('Njoroge Mwangi from IT flagged it; Mwangi will call.')).toEqual([
      ['other_person', 'Njoroge'],
      ['other_person', 'Mwangi'],
      ['other_person', 'Mwangi'],
    ]);
  });

  it('masks a name ending like an adjective, and leaves a salutation before the lead or another salutation', () => {
    expect([names('Looped in Mrinal today.'), names('Bom dia! Dag Anna, Kia ora.', 'Anna')]).toEqual([[['other_person', 'Mrinal']], []]);
  });

  it('masks a name written again only where it may be a name: not a verb at a sentence start', () => {
    expect(names('Ask Will about it. Will send the deck.')).toEqual([['other_person', 'Will']]);
  });

  it('masks a given name that is a salutation elsewhere', () => {
    expect(names('Thanks. Kia will send the PO.')).toEqual([['other_person', 'Kia']]);
  });
});

describe('findLoneGivenNames: names side by side or in a list', () => {
  it('joins a name to one found by "and" or "+", if no English word, and a surname-only word at a sentence’s start', () => {
    expect(names('Talked to Priya and Stripe; Nomvula + Thabo on the call. Sato Kenta prefers the annual plan.')).toEqual([
      ['other_person', 'Priya'],
      ['other_person', 'Nomvula'],
      ['other_person', 'Thabo'],
      ['other_person', 'Sato'],
      ['other_person', 'Kenta'],
    ]);
  });

  it('knows the recipient’s first name after an elided article’s capital', () => {
    expect(names("Toujours rien de D'Isabelle.", 'Isabelle')).toEqual([]);
    expect(names("Toujours rien de D'Isabelle.", 'Maria')).toEqual([['other_person', "D'Isabelle"]]);
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

  it('finds the names a rep typed in lower case, full names included, at their places in the text', () => {
    const text = 'spoke with anjali brown; CALLED NOMVULA ABOUT THE RENEWAL';
    const found = findNamesForPrompt(text, { first_name: 'Maria' }).map(({ start, end }) => text.slice(start, end));
    // the lone names of the cased reading, and the full name its name rules find (twice: the model's and the pair's)
    expect([...new Set(found)]).toEqual(['anjali', 'brown', 'NOMVULA', 'anjali brown']);
  });
});
