import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DetectionText,
  detectPii,
  directoryCandidates,
  directoryPhones,
  leadPhoneContext,
  PiiContext,
  resolveOverlaps,
} from './detect-pii';
import { evaluateDetector } from './evaluate-detector';
import { parseLabelledSet } from './labelled-set';

const context: PiiContext = {
  recipient: { first_name: 'Sarah', last_name: 'Lee' },
  others: [
    { lead_id: 'LD-1', first_name: 'Priya', last_name: 'Raman', email: 'priya.raman@globexmail.com', phone: '+14155550199' },
    { lead_id: 'LD-2', first_name: 'Sarah', last_name: 'Whitfield' },
  ],
};
/** Each finding as its kind and the original characters it points at. */
const found = (text: string, extra: PiiContext = {}) =>
  detectPii(text, { ...context, ...extra }).map((finding) => [finding.kind, text.slice(finding.start, finding.end)]);

describe("detectPii: someone who shares the recipient's first name", () => {
  it("is another person: only a name made of the recipient's own names is theirs", () => {
    expect(found('Hi Sarah, my colleague Sarah Porter will call you on Monday.')).toEqual([['other_person', 'Sarah Porter']]);
    expect(found('Hi Sarah Lee, my colleague will call you on Monday.')).toEqual([]);
  });

  it("is the recipient's own name in order, with words left out or surname first, hyphenated or not; not a relative's made of parts of it", () => {
    const jeanPierre = { recipient: { first_name: 'Jean-Pierre', last_name: 'Martin' } };
    expect(
      found(
        'Dear Jean-Pierre Martin (Jean Pierre Martin, Jean Martin, Martin Jean-Pierre): his son Pierre Martin and Pierre Jean join.',
        jeanPierre,
      ),
    ).toEqual([
      ['other_person', 'Pierre Martin'],
      ['other_person', 'Pierre Jean'],
    ]);
    const mariaJose = { recipient: { first_name: 'María José', last_name: 'García López' } };
    expect(found('Maria Jose asked; Dear María José García, her son José García joins.', mariaJose)).toEqual([
      ['other_person', 'José García'],
    ]);
    const lopezGarcia = { recipient: { first_name: 'Maria', last_name: 'Lopez-Garcia' } };
    expect(found("Maria Lopez-Garcia's team and Maria Lopez agreed; Leo Lopez did not.", lopezGarcia)).toEqual([
      ['other_person', 'Leo Lopez'],
    ]);
  });
});

describe('detectPii: the evasions issue 11 found', () => {
  it.each([
    [
      'a zero-width space before @',
      'Write to jane.roe\u200b@example.com today.',
      [
        ['email', 'jane.roe\u200b@example.com'],
        ['format_characters', '\u200b'],
      ],
    ],
    ['a fullwidth ＠', 'Write to jane.roe＠example.com today.', [['email', 'jane.roe＠example.com']]],
    ['a variation selector before @', 'Write to jane.roe\uFE0F@example.com today.', [['email', 'jane.roe\uFE0F@example.com']]],
    [
      'combining grapheme joiners in a phone number',
      'Call +1\u034F415\u034F555\u034F0132 today.',
      [['phone', '+1\u034F415\u034F555\u034F0132']],
    ],
    [
      'Arabic-Indic digits',
      'Call +1 \u0664\u0661\u0665 \u0665\u0665\u0665 \u0660\u0661\u0663\u0662 today.',
      [['phone', '+1 \u0664\u0661\u0665 \u0665\u0665\u0665 \u0660\u0661\u0663\u0662']],
    ],
    ['spaced-out letters', 'Write to j o h n @ a c m e . c o m today.', [['email', 'j o h n @ a c m e . c o m']]],
    ['at and dot spelled out', 'Write to jane at acme dot com today.', [['email', 'jane at acme dot com']]],
    ['[at] and [dot]', 'Write to jane [at] acme [dot] com.', [['email', 'jane [at] acme [dot] com']]],
    [
      'arroba and punto',
      'escríbeme a iker punto sanz arroba vascotech punto es hoy',
      [['email', 'iker punto sanz arroba vascotech punto es']],
    ],
    ['an SSN with U+2010 hyphens', 'The SSN is 452\u201071\u20103319.', [['national_id', '452\u201071\u20103319']]],
    ['a card number with dots', 'Card 4012.8888.8888.1881 on file.', [['card_number', '4012.8888.8888.1881']]],
    [
      'a card number behind a reference word, with its expiry and code after it',
      'Hi Sarah, ref 4111 1111 1111 1111 exp 09/27 cvv 123.',
      [['card_number', '4111 1111 1111 1111']],
    ],
    ['an SSN behind the word ID', 'ID 452-71-3319 on the form.', [['national_id', '452-71-3319']]],
    [
      'a card number in fullwidth digits',
      'Card ４１１１ １１１１ １１１１ １１１１ on file.',
      [['card_number', '４１１１ １１１１ １１１１ １１１１']],
    ],
    ['a lowercase IBAN', 'Pay into de89 3704 0044 0532 0130 00 please.', [['iban', 'de89 3704 0044 0532 0130 00']]],
    [
      "another lead's name with a zero-width space",
      'Hi Sarah, Priya Ra\u200bman says hello.',
      [
        ['other_person', 'Priya Ra\u200bman'],
        ['format_characters', '\u200b'],
      ],
    ],
    [
      "another lead's name with a Cyrillic homoglyph",
      'Hi Sarah, Priy\u0430 R\u0430man says hello.',
      [['other_person', 'Priy\u0430 R\u0430man']],
    ],
    ['a lowercase street address', 'Send it to 8 ivy lane, york yo1 7ht.', [['street_address', '8 ivy lane, york yo1 7ht']]],
  ])('%s', (_, text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('detectPii: national formats and kinds issue 11 found missing', () => {
  it.each([
    ['a UK mobile', 'Call me on 07700 900123.', [['phone', '07700 900123']]],
    ['a Paris number', 'Appelez-moi au 01 42 68 53 00.', [['phone', '01 42 68 53 00']]],
    ['a German number with 00', 'Rufen Sie 0049 30 9018 2000 an.', [['phone', '0049 30 9018 2000']]],
    ['a French street address', 'Livraison au 14 Rue de Rivoli.', [['street_address', '14 Rue de Rivoli']]],
    [
      'a German street address',
      'Bitte an Maximilianstraße 35, 80539 München senden.',
      [['street_address', 'Maximilianstraße 35, 80539 München']],
    ],
    [
      'a Spanish street address',
      'Enviamos a Avenida Diagonal 640, 08017 Barcelona.',
      [['street_address', 'Avenida Diagonal 640, 08017 Barcelona']],
    ],
    ['a third party outside the directory', 'Hi Sarah, Howard Finch from finance will join.', [['other_person', 'Howard Finch']]],
    ['a passport number', 'Your passport number is K4829173, right?', [['passport', 'K4829173']]],
    ['a passport number in German', 'Ihre Reisepassnummer C01X00T47 liegt vor.', [['passport', 'C01X00T47']]],
    ['a date of birth in words', 'She was born on 5 January 1994.', [['date_of_birth', '5 January 1994']]],
    ['a date of birth in French', 'Le prospect est né le 2 avril 1986.', [['date_of_birth', '2 avril 1986']]],
    ['a German Steuer-ID', 'Ihre Steuer-ID lautet 47150936241.', [['national_id', '47150936241']]],
    ['a French NIR', 'Son numéro de sécurité sociale est 2 92 01 69 123 045 92.', [['national_id', '2 92 01 69 123 045 92']]],
    ['a Spanish DNI', 'El DNI es 70315928Y.', [['national_id', '70315928Y']]],
    ['an Aadhaar number', 'Aadhaar 8604 3127 7956 received.', [['national_id', '8604 3127 7956']]],
    ['a Canadian SIN', 'The SIN is 130 827 199.', [['national_id', '130 827 199']]],
    ['a UK NINO', 'NINO AB 12 34 56 C on file.', [['national_id', 'AB 12 34 56 C']]],
    ['a US local number after a phone word', 'Sarah, call me at 555-0142 after lunch.', [['phone', '555-0142']]],
    ['an international number after a reference word', 'Support for ticket issues: +44 20 7946 0000.', [['phone', '+44 20 7946 0000']]],
    ['a phone next to a passport word', 'Passport on file; call me on 07700 900123 about it.', [['phone', '07700 900123']]],
    ['a date of birth named after the date', 'The form lists 03/03/1985 as her date of birth.', [['date_of_birth', '03/03/1985']]],
    [
      'a lowercase German street address',
      'Send it to musterstraße 12, 10115 berlin.',
      [['street_address', 'musterstraße 12, 10115 berlin']],
    ],
    [
      'invisible bidi marks around a phone',
      'Reach me at \u200f(718) 555-0122\u200f today.',
      [
        ['format_characters', '\u200f'],
        ['phone', '(718) 555-0122'],
        ['format_characters', '\u200f'],
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('detectPii: shapes the development set taught', () => {
  it.each([
    [
      'a lowercase address with its postcode',
      'Hi Sarah, the crate goes to 27 oak grove, leeds ls6 2ab on Friday.',
      [['street_address', '27 oak grove, leeds ls6 2ab']],
    ],
    [
      'a street of any name with postcode and city',
      'Hi Sarah, invoices go to Unter den Linden 12, 10117 Berlin from now on.',
      [['street_address', 'Unter den Linden 12, 10117 Berlin']],
    ],
    [
      'a name after a German colleague word',
      'Hallo Sarah, mein Kollege Tobias Brandner meldet sich.',
      [['other_person', 'Tobias Brandner']],
    ],
    [
      'a lowercase name after a title',
      'Hi Sarah, your neighbour, mr. owen pritchard, signed for it.',
      [['other_person', 'owen pritchard']],
    ],
    [
      'an IBAN whose digits look like a card',
      'Hallo Sarah, bitte auf DE89 3704 0044 0532 0130 00 überweisen.',
      [['iban', 'DE89 3704 0044 0532 0130 00']],
    ],
    [
      "an email holding another lead's last name",
      'Hi Sarah, I added priya.raman@acme.io to the channel.',
      [['email', 'priya.raman@acme.io']],
    ],
    [
      'a local number listed after an email',
      'Hi Sarah, attendees: Tom (tom.hale@acme.io, 555-0148).',
      [
        ['email', 'tom.hale@acme.io'],
        ['phone', '555-0148'],
      ],
    ],
    [
      'a birth date given in the sentence after the question',
      'Sarah, please confirm your date of birth. You wrote 14/02/1987 on the form.',
      [['date_of_birth', '14/02/1987']],
    ],
    [
      'a Steuer-ID given in the sentence after the question',
      'Wir brauchen Ihre Steuer-ID. Sie hatten 47150936241 angegeben.',
      [['national_id', '47150936241']],
    ],
    ['a passport number in two groups', 'Sarah, your passport number is 4471 902365 per the form.', [['passport', '4471 902365']]],
    [
      'two passport numbers in one sentence',
      "Sarah, the travel desk needs passports: yours (561004938) and your colleague's (530287716).",
      [
        ['passport', '561004938'],
        ['passport', '530287716'],
      ],
    ],
    ['a phone number kept in the CRM', 'Hi Sarah, the one in our CRM (415.555.0123) bounces.', [['phone', '415.555.0123']]],
    ['only at spelled out, the dots written', 'Hi Sarah, her email is jane.doe at acme.co.uk now.', [['email', 'jane.doe at acme.co.uk']]],
    ['at spelled out after an email word', 'Hi Sarah, mail: jdoe at globex.io', [['email', 'jdoe at globex.io']]],
    [
      'spaces around the @',
      'Hi Sarah, cc jo.park @ lumen.io and kim@ lumen.io.',
      [
        ['email', 'jo.park @ lumen.io'],
        ['email', 'kim@ lumen.io'],
      ],
    ],
    ['an internationalised domain', 'Hi Sarah, invoices to info@müller-bau.de please.', [['email', 'info@müller-bau.de']]],
    ['a CPF at the end of a sentence', 'Sarah, o CPF é 123.456.789-09.', [['national_id', '123.456.789-09']]],
    ['a lowercase NINO after its name', 'Sarah, NINO: ab123456c.', [['national_id', 'ab123456c']]],
    ['a lowercase PAN after its name', 'Sarah, PAN: abcpe1234f.', [['national_id', 'abcpe1234f']]],
    ['an IBAN with dashes', 'Hi Sarah, IBAN DE89-3704-0044-0532-0130-00 it is.', [['iban', 'DE89-3704-0044-0532-0130-00']]],
    [
      'an IBAN with a space after the country code',
      'Hi Sarah, iban de 89 3704 0044 0532 0130 00 it is.',
      [['iban', 'de 89 3704 0044 0532 0130 00']],
    ],
    [
      'an IBAN whose national check key is wrong while mod-97 holds',
      'Sarah, le virement va sur FR97 3000 6000 0112 3456 7890 199 demain.',
      [['iban', 'FR97 3000 6000 0112 3456 7890 199']],
    ],
    ['a lowercase IBAN in one block', 'Sarah, cargo en es9321000418401234567890 el lunes.', [['iban', 'es9321000418401234567890']]],
    ['spaces around the dots and the @', 'Hi Sarah, cc m . ortiz @ brightpath . io on it.', [['email', 'm . ortiz @ brightpath . io']]],
    ['a bracketed @ and dot', 'Hi Sarah, mail tomas (@) vantage (.) io today.', [['email', 'tomas (@) vantage (.) io']]],
    [
      'an Indian address with a house number, a road and a PIN',
      'Sarah, courier to 27, Residency Road, Bengaluru 560025 pe bhejo.',
      [['street_address', '27, Residency Road, Bengaluru 560025']],
    ],
    ['a spaced @ with dot spelled', 'Hi Sarah, mail tomas @ vantage dot io today.', [['email', 'tomas @ vantage dot io']]],
    ['spaced-out letters before a full stop', 'Hi Sarah, hers is k i m @ l u m e n . i o.', [['email', 'k i m @ l u m e n . i o']]],
    ["a relative who shares the recipient's surname", 'Hi Sarah, your son Leo Lee will pick up the badges.', [['other_person', 'Leo Lee']]],
    [
      'a Spanish introduction and a three-word name',
      'Hola Sarah, te presento a Marta Gil Romero, nuestra jefa de compras.',
      [['other_person', 'Marta Gil Romero']],
    ],
    ['a French family word', 'Bonjour Sarah, votre voisine Odile Marchand a signé le bon.', [['other_person', 'Odile Marchand']]],
    ['a Portuguese family word', 'Olá Sarah, a minha filha Inês Duarte vai ligar.', [['other_person', 'Inês Duarte']]],
    [
      'a spelled dot in the local part, at spelled, the domain written',
      'Hi Sarah, send it to noor dot haddad at desertlabs.ae today.',
      [['email', 'noor dot haddad at desertlabs.ae']],
    ],
    [
      'a German title before a name',
      'Hallo Sarah, Frau Katrin Albers aus dem Einkauf hat zugestimmt.',
      [['other_person', 'Katrin Albers']],
    ],
    ['an Italian title before a name', 'Ciao Sarah, la dottoressa Giulia Ferri ci ha scritto.', [['other_person', 'Giulia Ferri']]],
    ["a passport number after the abbreviation 'n.'", 'Ciao Sarah, passaporto n. YB7720431 ricevuto.', [['passport', 'YB7720431']]],
    ["a passport number after 'n°'", 'Sarah, passeport n° 21CK55093 reçu.', [['passport', '21CK55093']]],
    ['a Dutch passport compound', 'Sarah, paspoortnummer NPK4R71C2 ontvangen.', [['passport', 'NPK4R71C2']]],
    ['a passport number as letters and digits in two groups', 'Sarah, pasaporte nº PKR 558120 recibido.', [['passport', 'PKR 558120']]],
    ['an account after acc no', 'Sarah, acc no 41238876, sort code 12-34-56.', [['bank_account', '41238876']]],
    [
      'a UK street without a suffix word, made an address by its town and postcode',
      'Hi Sarah, the office at 40 Old Jewry, London EC2R 8DD.',
      [['street_address', '40 Old Jewry, London EC2R 8DD']],
    ],
    [
      'a named house before its street, town and postcode',
      'Hi Sarah, post to Ivy Cottage, Church Lane, Ludlow SY8 1AB.',
      [['street_address', 'Ivy Cottage, Church Lane, Ludlow SY8 1AB']],
    ],
    ['a German account abbreviation', 'Sarah, Kto.-Nr. 2233445566 bei der Sparkasse.', [['bank_account', '2233445566']]],
    ['a French RIB of 23 digits', 'Sarah, RIB : 30004 00550 00012345678 22.', [['bank_account', '30004 00550 00012345678 22']]],
    ['an ITIN after the word naming it', 'Hi Sarah, we received your ITIN 921-84-3310.', [['national_id', '921-84-3310']]],
    ['a Hindi-English speaker marker', 'Sarah, Kavita Joshi ne bataya ki PO ready hai.', [['other_person', 'Kavita Joshi']]],
    [
      'a given name from the name lists and a surname, in French',
      'Sarah, Aurélie Fontaine a validé le budget.',
      [['other_person', 'Aurélie Fontaine']],
    ],
    [
      'a given name from the name lists and a surname, in German',
      'Hallo Sarah, Kerstin Vogel ruft morgen an.',
      [['other_person', 'Kerstin Vogel']],
    ],
    ['a name after spoke to', 'Hi Sarah, I spoke to Joost Verhagen yesterday.', [['other_person', 'Joost Verhagen']]],
    [
      'a listed given name before a surname ending in s',
      'Hi Sarah, I spoke to Katrin Albers yesterday.',
      [['other_person', 'Katrin Albers']],
    ],
    [
      'surnames that are ordinary words',
      'Hi Sarah, my colleague Rachel Hunt and Ann Green.',
      [
        ['other_person', 'Rachel Hunt'],
        ['other_person', 'Ann Green'],
      ],
    ],
    [
      'a post office box with town and ZIP',
      'Hi Sarah, send it to PO Box 2210, Boise, ID 83702.',
      [['street_address', 'PO Box 2210, Boise, ID 83702']],
    ],
    [
      'a lowercase street named with the, postcoded',
      'Hi Sarah, the kit goes to 9 the crescent, derby de22 1ab.',
      [['street_address', '9 the crescent, derby de22 1ab']],
    ],
    ['a birthday without a year', 'Hi Sarah, the team wants your birthday: 9 October, right?', [['date_of_birth', '9 October']]],
    [
      'an address in comma-separated parts after a unit number',
      'Hi Sarah, the depot is Unit 3, Quayside Trading Estate, Leeds LS10 1AB.',
      [['street_address', 'Unit 3, Quayside Trading Estate, Leeds LS10 1AB']],
    ],
    [
      'an Indian flat address with its PIN',
      'Sarah, courier to Flat 7A, Lotus Court, Baner Road, Pune 411045.',
      [['street_address', 'Flat 7A, Lotus Court, Baner Road, Pune 411045']],
    ],
    [
      'a phone word between a reference word and number',
      'Hi Sarah, the order phone number is 020 7946 0321.',
      [['phone', '020 7946 0321']],
    ],
    ['a phone number named after it', 'Hi Sarah, 07700 900123 is my number.', [['phone', '07700 900123']]],
    [
      'a German quay street with a lowercase city',
      'Sarah, die Lieferadresse ist Elbkai 7, 20457 hamburg.',
      [['street_address', 'Elbkai 7, 20457 hamburg']],
    ],
  ])('%s', (_, text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('detectPii: the false alarms issue 11 found, and other clean texts', () => {
  it.each([
    ['a 10-digit order number', 'Hi Sarah, your order 5539201847 is confirmed.'],
    ['an event named like an address', 'Hi Sarah, see you at the 12 Product Leaders Circle breakfast.'],
    ['a 16-digit reference that passes Luhn', 'Hi Sarah, refund reference 4111 1111 1111 1111 is processed.'],
    ['a contract number in a card range', 'Hi Sarah, contract number 5300 1234 5678 9011 encodes the region.'],
    ['a German contract number', 'Frau Lee, die Vertragsnummer lautet 4111 0022 3344 5562.'],
    ['a spaced meeting id', 'Hi Sarah, join the Zoom meeting 812 3456 7890 at 3pm.'],
    ['SSN-shaped part numbers', 'Part 666-20-1180 is the battery; part 900-14-2231 the charger.'],
    ['a sort code', 'Our sort code is 30-90-89.'],
    ['a versioned ticket', 'Sarah, ticket #90412 is fixed in v2.15.0.'],
    ['dates and times', 'Hi Sarah, I am free at 10:30 on 12/03/2025, founded on 3 March 1985.'],
    ['public figures and brands', 'Hi Sarah, as Warren Buffett says; the Ted Baker rollout went well.'],
    ["the recipient's own full name", 'Dear Sarah Lee, thanks for the demo.'],
    ['a family emoji (zero-width joiners inside it)', 'Hi Sarah \u{1F468}\u200d\u{1F469}\u200d\u{1F467} happy holidays!'],
    ['a DUNS number', 'Hi Sarah, our DUNS number is 15-048-3782 and the EAN 4006381333931.'],
    ['a VAT number', 'Sarah, our VAT number is GB 987 6543 21.'],
    ['a bracketed PO number', 'Sarah, the PO we received (4501122334) is for 30 seats.'],
    ['a gift card code', 'Hi Sarah, the gift card code is 6006 4912 3456 7890.'],
    ['a meeting PIN and an ISO date', 'Sarah, PIN 8841 2299 01, meeting at 14:30-15:00 on 2025-03-14.'],
    ['a passport programme', 'Our Partner Passport level 2 unlocks funds. Your code: PPL2-88412.'],
    ['Dutch and Portuguese company numbers', 'Sarah, our KvK-nummer is 12345678 and the NIPC 509 123 456.'],
    ['a salutation read as a name', 'Rejection reason: the draft opens with "Dear Sir/Madam".'],
    ['a website after the word at', 'Hi Sarah, see you at acme.com next week.'],
    ['a title and a surname', 'Hola Sarah, el Señor García de compras le llamará.'],
    ["season's greetings and salutations", 'Buenos Días Sarah, Joyeux Noël et Bonne Année !'],
    ['a team and a term', 'Hi Sarah, I spoke with Legal Ops; the Grace Period ends Friday.'],
    ['a lowercase NINO-shaped build tag', 'Hi Sarah, build ab123456c passed.'],
    ['a year range and an amount', 'Sarah, between 2019-2023 it doubled; please pay 1 234 567,89 € by May.'],
    ['a model number and a German ticket number', 'Sarah, model number 7720 5511 03; Ticketnummer 4711 0815 42.'],
    ['SSN-shaped part numbers after a semicolon', 'Hi Sarah, part 900-14-2231 is the mount; 900-14-2232 is the stand.'],
    ['a remittance reference in brackets', 'Hi Sarah, the number on your remittance (5004481923) is our payment reference.'],
    ['an IBAN-shaped code that fails mod-97', 'Sarah, le code FR98 3000 6000 0112 3456 7890 199 est faux.'],
    ['an @ before a word and a sentence', 'Hi Sarah, meet me @ acme. Then we talk.'],
    ['a room named after someone', 'Sarah, on se retrouve salle Hélène Boucher à 10 h.'],
    ["a company named after a directory lead's surname", 'Hi Sarah, we benchmarked Raman Logistics last year.'],
    ['a company named after its founder', 'Hi Sarah, Anton Keller GmbH signed too.'],
    ['founders whose names are brands, and a cited author', 'Hi Sarah, like Robert Bosch and Carl Zeiss; Ray Dalio would agree.'],
    ['a street read as a name', "Sarah, l'équipe de la Rue du Commerce attend la démo."],
    ['a cue word inside another word', 'Hi Sarah, the keynote is at Madison Square Garden.'],
    ['a reference word and a noun before number', 'Hi Sarah, the ticket queue number is 5512-334-908.'],
    ['a reference word early in a long sentence', 'Hi Sarah, our ticket queue number for your escalation is 5512-334-908.'],
    ['a VAT number after an abbreviation with a dot', 'Herr Lee, unsere USt-IdNr. lautet DE 276 452 187.'],
    ['an SSN-shaped SKU', 'Hi Sarah, SKU 412-55-1234 is back in stock.'],
    ["an event's agenda", 'Hi Sarah, the agenda for 9 Revenue Leaders Circle is attached.'],
    ['a chat handle', 'Hi Sarah, ping me on Slack @sam.cole or in #deal-desk.'],
    ['a Dutch invoice number compound', 'Sarah, het factuurnummer is 2025-0611 en het klantnummer 0612345678.'],
    ['an order number after a French number sign', 'Sarah, la commande n° 7755 2210 93 est partie.'],
    ['a meeting on a birthday-free date', 'Hi Sarah, my birthday week is busy; the demo is on 9 October.'],
    ['a square and a hospital named after people', 'Hola Sarah, en el Hospital Gregorio Marañón; Treffen am Willy Brandt Platz.'],
    ['an author cited with a book', 'Hi Sarah, I loved the book Drive; Daniel Pink nails it.'],
    ['firms named like people', 'Hi Sarah, Grant Thornton audited us; Pierce Manufacturing is a reference.'],
    ['fashion brands named like people', 'Hi Sarah, Karen Millen and Tom Ford stores stock it.'],
    ['athletes, chief executives and a CI service', 'Hi Sarah, Lewis Hamilton won; Mary Barra spoke; we use Travis CI.'],
    ['places named after saints', 'Hola Sarah, gracias por la reunión en San Sebastián; une offre pour Saint Étienne.'],
    ['a GTIN, a container and an air waybill', 'Hi Sarah, GTIN 0 73311 20058 4; container TGHU 884120 3; AWB 020-55810342.'],
    ['revenue figures in thousands', 'Sarah, the numbers: 2023 revenue 37 400 000, 2024 revenue 52 100 000.'],
    ['an account reference that passes Luhn', 'Hi Sarah, the account ref 4111 1111 1111 1111 is internal only.'],
    ['a queue position', 'Hi Sarah, queue position 5582 0017 43 - our ticket system.'],
    ['a motto shaped like a street', 'Hi Sarah, 3 Step Way of Selling is our motto.'],
    ['given names that are ordinary words or places', 'Hi Sarah, the Summer Sale ends; Virginia Beach and Florence Office open.'],
    ['a given name inside a longer place name', 'Hola Sarah, Santa Cruz de Tenerife y Las Palmas son las sedes.'],
    ['a given name before a plural or a place', 'Hi Sarah, Jasper Reports export works; the Cody Wyoming site too.'],
    ['an idea that was born', 'Hi Sarah, the idea was born on 12 March 2019 in a hackathon.'],
    ['a company after spoke to', 'Hi Sarah, I spoke to Google Cloud about quotas.'],
    ['a meeting id after join', 'Hi Sarah, join with 812 3456 7890 (no passcode).'],
    ['a Luhn number named a reference after it', 'Hi Sarah, 4012 8888 8888 1881 is the reference on the statement.'],
    ['an IP address', 'Hi Sarah, whitelist 192.168.1.100 and port 8443.'],
    ['a Luhn number on a loyalty card', 'Hi Sarah, the loyalty card number 4532 0151 1283 0366 earns points.'],
    ['a cloud account id', 'Hi Sarah, the AWS account 123456789012 hosts the sandbox.'],
    ['a town and postcode after a greeting', 'Hi Sarah, Leeds LS1 4AP is where the team sits; Thanks, Legal Team.'],
    ['a French customer number', 'Bonjour Sarah, votre numéro de client 0612 3456 78 reste inchangé.'],
    [
      'numbers after an account word that are not its number',
      'Hi Sarah, the account is on hold until invoice 554120; account tier 2 gives 500000 calls.',
    ],
    ['a title and a surname in German', 'Hi Sarah, Konto-Manager Herr Brandt meldet sich.'],
    ['at and dot spelled around a word that is no TLD', 'Hi Sarah, ping me at ivy dot park - kidding.'],
    ['a weekday and a firm in other languages', 'Olá Sarah, até Segunda Feira; Katrin arbeitet bei der Firma Alster.'],
    ['an ITIN shape without the word', 'Hi Sarah, 921-84-3310 is the range we reserved.'],
    ['a CRM account number', 'Hi Sarah, your account number with us (CRM) is 88120045.'],
    ['a senior job title', 'Hi Sarah, our Sr. Account Executive will join.'],
    [
      'rooms named after people, the room word first',
      'Hallo Sarah, wir treffen uns im Raum Konrad Zuse; el evento es en el Auditorio Rafael Nadal.',
    ],
  ])('%s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('detectPii: the directory, regions and spans', () => {
  it("allows the recipient's own names but not another lead's full name, last name, email or phone", () => {
    expect(found('Hi Sarah Lee, thanks!')).toEqual([]);
    expect(found('Hi Sarah, Sarah Whitfield mentioned you.')).toEqual([['other_person', 'Sarah Whitfield']]);
    expect(found('Hi Sarah, Raman agreed.')).toEqual([['other_person', 'Raman']]);
    expect(found('Hi Sarah, write to priya.raman@globexmail.com.')).toEqual([['other_person', 'priya.raman@globexmail.com']]);
    expect(found('Hi Sarah, ring +1 415 555 0199.')).toEqual([['other_person', '+1 415 555 0199']]);
  });

  it("reads national numbers as the lead's country first, then the configured regions", () => {
    expect(directoryCandidates('Ring 0412 345 678 today.', { phoneRegions: ['US'], leadCountry: 'au' }).phones).toEqual(['+61412345678']);
    expect(directoryCandidates('Ring 020 7946 0321 today.', { phoneRegions: ['GB'] }).phones).toEqual(['+442079460321']);
  });

  it("reads a draft's numbers as the tenant's regions plus the lead's country (its record's, else its phone number's)", () => {
    expect(leadPhoneContext(['US', 'GB'], { phone: '+61412345678' })).toEqual({ phoneRegions: ['US', 'GB'], leadCountry: 'AU' });
    expect(leadPhoneContext(['US', 'GB'], { phone: '+33142685300' })).toEqual({ phoneRegions: ['US', 'GB'], leadCountry: 'FR' });
    expect(leadPhoneContext(['US'], { country: 'ie', phone: '+33142685300' })).toEqual({ phoneRegions: ['FR', 'US'], leadCountry: 'IE' });
    expect(leadPhoneContext(['US'], { country: 'IE', phone: '+353851234567' })).toEqual({ phoneRegions: ['US'], leadCountry: 'IE' });
    // Antarctica is a country code libphonenumber has no numbering plan for: the phone number's country is read instead
    expect(leadPhoneContext(['US'], { country: 'AQ', phone: '+33142685300' })).toEqual({ phoneRegions: ['US'], leadCountry: 'FR' });
    // the phone number's country given without the number (the recommender's lead snapshot carries no contact details)
    expect(leadPhoneContext(['US'], { country: 'US', phoneCountry: 'br' })).toEqual({ phoneRegions: ['BR', 'US'], leadCountry: 'US' });
    expect(leadPhoneContext(['FR'])).toEqual({ phoneRegions: ['FR'] });
    expect(leadPhoneContext(['FR'], { phone: 'not a number' })).toEqual({ phoneRegions: ['FR'] });
    const singaporeanLead = leadPhoneContext(['US'], { phone: '+6581234567' });
    expect(found('Hi Sarah, ring me on 9123 4567.', { phoneRegions: ['US'] })).toEqual([]);
    expect(found('Hi Sarah, ring me on 9123 4567.', singaporeanLead)).toEqual([['phone', '9123 4567']]);
  });

  it('returns kinds and character positions of the original text', () => {
    expect(detectPii('Write to jane.roe@example.com or call (415) 555-0123.')).toEqual([
      { kind: 'email', start: 9, end: 29 },
      { kind: 'phone', start: 38, end: 52 },
    ]);
  });

  it('keeps the more specific kind when findings overlap', () => {
    expect(
      resolveOverlaps([
        { kind: 'phone', start: 10, end: 24 },
        { kind: 'other_person', start: 10, end: 24 },
        { kind: 'street_address', start: 30, end: 40 },
      ]),
    ).toEqual([
      { kind: 'other_person', start: 10, end: 24 },
      { kind: 'street_address', start: 30, end: 40 },
    ]);
  });

  it('lists the directory look-up candidates of a draft', () => {
    expect(directoryCandidates('Hi Priya, mail P.Raman\u200b@Globex.com or +1 415 555 0199')).toEqual({
      // "p" is no name: a name has two letters at least
      words: ['hi', 'priya', 'mail', 'raman', 'globex', 'com', 'or'],
      // two words with white space alone between them: not "priya, mail" nor "p.raman"
      fullNames: ['hi priya', 'com or'],
      emails: ['p.raman@globex.com'],
      phones: ['+14155550199'],
    });
  });

  it('looks a possessive up as its name too, alone and in a full name', () => {
    expect(directoryCandidates("Ask Zorvath Quillinan's team")).toEqual({
      words: ['ask', 'zorvath', "quillinan's", 'quillinan', 'team'],
      fullNames: ['ask zorvath', "zorvath quillinan's", 'zorvath quillinan', "quillinan's team"],
      emails: [],
      phones: [],
    });
  });

  it('looks up the names findDirectoryPeople would find in a plural possessive, a curly one and a hyphenated word', () => {
    expect(directoryCandidates("Ask Chris James' team and Jean-Luc Picard about O\u2019Brien\u2019s note")).toEqual({
      words: [
        'ask',
        'chris',
        "james'",
        'james',
        'team',
        'and',
        'jean-luc',
        'jean',
        'luc',
        'picard',
        'about',
        // from its start to its end and before the second ’ ("o" is too short); from after the first ’ likewise
        'o\u2019brien\u2019s',
        'o\u2019brien',
        'brien\u2019s',
        'brien',
        'note',
      ],
      fullNames: [
        'ask chris',
        "chris james'",
        'chris james',
        "james' team",
        'team and',
        'and jean-luc',
        'and jean',
        'jean-luc picard',
        'luc picard',
        'picard about',
        // a last name starts with the word, a first name ends with it
        'about o\u2019brien\u2019s',
        'about o\u2019brien',
        'o\u2019brien\u2019s note',
        'brien\u2019s note',
      ],
      emails: [],
      phones: [],
    });
  });

  it("looks up a name before a contraction's apostrophe, each name of a twice-hyphenated word, and names with combining marks", () => {
    expect(
      directoryCandidates("Patel'll call Smith-Jones-Brown and \u0930\u093e\u0939\u0941\u0932 \u0936\u0930\u094d\u092e\u093e"),
    ).toMatchObject({
      words: [
        "patel'll",
        'patel',
        'call',
        'smith-jones-brown',
        'smith',
        'smith-jones',
        'jones-brown',
        'jones',
        'brown',
        'and',
        // राहुल शर्मा: their vowel signs and virama are combining marks, not word breaks
        '\u0930\u093e\u0939\u0941\u0932',
        '\u0936\u0930\u094d\u092e\u093e',
      ],
      fullNames: expect.arrayContaining(['\u0930\u093e\u0939\u0941\u0932 \u0936\u0930\u094d\u092e\u093e']),
    });
  });

  it('reads a text once for the look-up and the detection, its phone numbers once for each list of regions', () => {
    const draft = new DetectionText('Hi Sarah, Priya\u200bRaman asked you to ring 0412 345 678.');
    expect(directoryCandidates(draft, { phoneRegions: ['US'] })).toEqual({
      words: ['hi', 'sarah', 'priyaraman', 'asked', 'you', 'to', 'ring'],
      fullNames: ['hi sarah', 'priyaraman asked', 'asked you', 'you to', 'to ring'],
      emails: [],
      phones: ['+10412345678'],
    });
    expect(directoryPhones(draft, { phoneRegions: ['US'], leadCountry: 'AU' })).toEqual(['+61412345678']);
    expect(draft.phones(['AU', 'US'])).toBe(draft.phones(['AU', 'US']));
    expect(
      detectPii(draft, { ...context, phoneRegions: ['US'], leadCountry: 'AU' }).map((finding) => [
        finding.kind,
        draft.original.slice(finding.start, finding.end),
      ]),
    ).toEqual([
      ['format_characters', '\u200b'],
      ['phone', '0412 345 678'],
    ]);
  });
});

describe('detectPii: phone numbers, told from the numbers that only look like them', () => {
  it.each([
    [
      'a number listed before a comma and an address',
      "Hi Sarah, Tom's details (07700 900 481, 12 Elm Road, Leeds LS6 2AB) are in the file.",
      [
        ['phone', '07700 900 481'],
        ['street_address', '12 Elm Road, Leeds LS6 2AB'],
      ],
    ],
    [
      'numbers printed on a business card',
      'Hi Sarah, the number on your business card, 0161 496 0822, is engaged; try 07700 900 734?',
      [
        ['phone', '0161 496 0822'],
        ['phone', '07700 900 734'],
      ],
    ],
    ['a country code written without +', 'Hi Sarah, Jan said 44 7700 900123 works from abroad.', [['phone', '44 7700 900123']]],
    ['12 digits in fours after a phone word', 'Hi Sarah, call me on 4821 7730 5518.', [['phone', '4821 7730 5518']]],
    ['a phone number after the name of a tax form', 'Hi Sarah, W-9 attached; 0161 496 0143 is my number.', [['phone', '0161 496 0143']]],
    [
      'numbers before words for when to call',
      'Hi Sarah, ring 0161 496 0143 days, 07700 900 123 evenings.',
      [
        ['phone', '0161 496 0143'],
        ['phone', '07700 900 123'],
      ],
    ],
    ['a German mobile in groups of four', 'Hi Sarah, my mobile is 0151 2347 8810.', [['phone', '0151 2347 8810']]],
    [
      'two numbers listed with a semicolon',
      "Hi Sarah, Jan's numbers: 0161 496 0822; 07700 900 316.",
      [
        ['phone', '0161 496 0822'],
        ['phone', '07700 900 316'],
      ],
    ],
  ])('finds %s', (_, text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['a date written with dots', 'Hi Sarah, the next release is 2027.03.09 as planned.'],
    ['four groups of three digits', 'Hi Sarah, dial in with 845 210 377 962 at ten.'],
    ['sixteen digits without an international prefix', 'Hi Sarah, call about 0934 5521 7780 1142 when it arrives.'],
    ['a number named a routing number a few words after it', "Hi Sarah, 026009593 on the sheet is the bank's routing number."],
  ])('does not read %s as a phone number', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('detectPii: national ids, named before or after, and the codes that share their shape', () => {
  it.each([
    ['an SSN without dashes named after it', 'Hi Sarah, the form lists 287654321 as her SSN.', [['national_id', '287654321']]],
    ['an SSN the customer pasted', 'Hi Sarah, the customer pasted 536-22-8714 into the draft.', [['national_id', '536-22-8714']]],
    [
      'an SSN named after it in a sentence about an order',
      'Hi Sarah, re the order, she gave 536-22-8714 as her SSN.',
      [['national_id', '536-22-8714']],
    ],
    ['a BSN grouped with dots', 'Hallo Sarah, mijn BSN is 111.222.333.', [['national_id', '111.222.333']]],
    ['a lowercase NINO named after it', 'Hi Sarah, Tom gave jk123456c as his national insurance number.', [['national_id', 'jk123456c']]],
  ])('finds %s (never a phone number)', (_, text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['a second part number in the sentence of the first', 'Hi Sarah, the pump is part no. 318-42-7765; the older 318-42-7764 is sold out.'],
    ['a customer id in the SSN shape', 'Hi Sarah, customer ID 523-18-0042 has two open quotes.'],
    ['an article code in Portuguese', 'Olá Sarah, o código de artigo 274-51-3380 é o teclado.'],
    ['SSN-shaped digits inside a tracking code', 'Hi Sarah, UPS says 1Z 93B 512 44 7781 0239 left the depot.'],
    ['a 12-digit Verhoeff number without the word Aadhaar', 'Hi Sarah, we printed 4821 7730 5518 on the label.'],
    ['Aadhaar-shaped digits at the start of a longer number', 'Ciao Sarah, il numero 4821 7730 5518 2046 è quello giusto.'],
  ])('does not take %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('detectPii: private people, told from public figures, rooms and companies', () => {
  it.each([
    ['someone admired', 'Hi Sarah, Tom admires Oliver Brandt and wants a pitch in his style.'],
    ['someone cited as an example, in Dutch', 'Hoi Sarah, Tom haalt Pieter Jansen aan als voorbeeld van leiderschap.'],
    ['someone whose style is imitated, in French', 'Bonjour Sarah, Paul veut une offre à la Thomas Girard.'],
    ['a performer whose show was seen', "Hi Sarah, Tom watched Emily Carter's show last night."],
    ['a room named after someone, in quotes', 'Hallo Sarah, das Kick-off ist im Raum „Lena Hartmann“ im 2. OG.'],
  ])('does not take %s for a private person', (_, text) => {
    expect(found(text)).toEqual([]);
  });

  it("takes a lead's surname before a company word in another language for the company", () => {
    const others = [{ lead_id: 'LD-3', first_name: 'Imogen', last_name: 'Harte' }];
    expect(found('Hi Sarah, Imogen Harte at Harte Logistik signed today.', { others })).toEqual([['other_person', 'Imogen Harte']]);
  });

  it.each([
    [
      'a surname with an inner capital after a colleague word',
      'Hi Sarah, your colleague Callum McGregor asked for the deck.',
      'Callum McGregor',
    ],
    ['a private person before a verb that is also a noun', 'Hi Sarah, can Emily Carter book the room?', 'Emily Carter'],
    ['a lowercase name set off by commas after a cue', 'Hi Sarah, her assistant, jane porter, sends the invites.', 'jane porter'],
    ['a lowercase name before a verb after a cue', 'Hi Sarah, my colleague owen pritchard will call.', 'owen pritchard'],
    [
      'a lowercase name after whose assistant it is, in Spanish',
      'Hola Sarah, la asistente de Marta, lucía fernández ramos, lleva su agenda.',
      'lucía fernández ramos',
    ],
    ['a name after the Portuguese article a', 'Olá Sarah, a Joana Figueiredo enviou o contrato.', 'Joana Figueiredo'],
  ])('finds %s', (_, text, name) => {
    expect(found(text)).toEqual([['other_person', name]]);
  });
});

describe('detectPii: dates and addresses of things, not of people', () => {
  it.each([
    ['a product born, in Italian', 'Ciao Sarah, il prodotto è nato il 12/03/2024 in un hackathon.'],
    ['a company born, in Spanish', 'Hola Sarah, la empresa nació el 4 de mayo de 2021 en Bilbao.'],
    ['a project born, in French', 'Bonjour Sarah, le projet est né le 02/02/2023.'],
    ['an address-shaped session title', 'Hi Sarah, "7 Revenue Rocket Avenue" on the agenda is the title of the closing session.'],
  ])('does not take %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    ['a child born, in Spanish', 'Hola Sarah, mi hijo nació el 4 de mayo de 2021.', [['date_of_birth', '4 de mayo de 2021']]],
    ['a person born, in French', 'Bonjour Sarah, Paul est né le 02/02/1983.', [['date_of_birth', '02/02/1983']]],
    [
      'an address called the address',
      'Hi Sarah, 7 Elm Avenue is the address; the session is at ten.',
      [['street_address', '7 Elm Avenue']],
    ],
    [
      'an address said to be on a registration',
      "Hi Sarah, Stefan's address Lindenstraße 48, 50674 Köln is on the registration.",
      [['street_address', 'Lindenstraße 48, 50674 Köln']],
    ],
    ['an address called the workshop venue', 'Hi Sarah, 12 Elm Road is the workshop venue.', [['street_address', '12 Elm Road']]],
    [
      'an address called the event location',
      'Hi Sarah, Lindenstraße 48, 50674 Köln is the event location.',
      [['street_address', 'Lindenstraße 48, 50674 Köln']],
    ],
    ["a person's birthday", "Hi Sarah, Tom's birthday is on 3 May, so send it early.", [['date_of_birth', '3 May']]],
  ])('finds %s', (_, text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('detectPii: reference words in the languages of the drafts, and account and email spellings', () => {
  it.each([
    ['a Spanish tracking number', 'Hola Sarah, el número de seguimiento de Correos es 612 345 678.'],
    ['an Italian case number', 'Ciao Sarah, il numero di pratica 347 123 4567 va citato.'],
    ['a French customer identifier', 'Bonjour Sarah, votre identifiant client 06 12 34 56 78 reste valable.'],
    ['a German shipment number', 'Hallo Sarah, die Sendungsnummer 0151 2347 8810 kommt per Mail.'],
    ['an amount in thousands after an account word', 'Hi Sarah, the account balance 1.250.000 is fine.'],
  ])('does not take %s for PII', (_, text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    [
      'a card number in a form named after an order',
      'Hi Sarah, the order form Tom returned has 4532 0151 1283 0366 in the notes field.',
      [['card_number', '4532 0151 1283 0366']],
    ],
    ['a phone number after an ordinary word for case', 'Hola Sarah, en caso de duda llámame al 612 345 678.', [['phone', '612 345 678']]],
    ['an email with a bracketed a for the at', 'Hi Sarah, write to jan(a)acme.io today.', [['email', 'jan(a)acme.io']]],
    [
      'an email with the at and dot in German brackets',
      'Hallo Sarah, schreib an k.berg [ät] nordlicht-ag [punkt] de bitte.',
      [['email', 'k.berg [ät] nordlicht-ag [punkt] de']],
    ],
    [
      'an account number grouped with dots',
      "Hei Sarah, Tom's Norwegian account number 2201.37.55418 for the refund.",
      [['bank_account', '2201.37.55418']],
    ],
    [
      'a French account number with a letter',
      'Bonjour Sarah, RIB de Paul : banque 20041, guichet 01005, compte 0500013M026, clé 06.',
      [['bank_account', '0500013M026']],
    ],
  ])('finds %s', (_, text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('detectPii: named things and labelled numbers', () => {
  it.each([
    ['a room named in a German compound', 'Hallo Sarah, das Meeting ist im Konferenzraum Emil Vogt.'],
    ['a speaker whose keynote was heard', 'Hi Sarah, the keynote by Daniel Pryce was great.'],
    ['a restaurant named after its chef', "Hi Sarah, the team lunch is at Oliver Hartley's restaurant."],
    ['a prize winner', 'Hi Sarah, the award-winning Nadia Farouk joins the panel.'],
    ['a favourite player', "Hi Sarah, Otto's favourite player is Marcel Brenner."],
    ['a favourite comedian named after', 'Hoi Sarah, Eva noemt Herman Vink haar favoriete cabaretier.'],
    ['an idol, in Portuguese', 'Olá Sarah, o Tiago é fã do Rui Coelho.'],
    ['a maxim, in Spanish', 'Hola Sarah, como dice Marcos Villanueva, el cliente primero.'],
    ['a maxim, in German', 'Hallo Sarah, wie Dieter Kessler immer sagte.'],
    ['a campaign name, in Spanish', 'Hola Sarah, Rosa Mística es el nombre de la campaña.'],
    ['a port, in Italian', 'Ciao Sarah, Gioia Tauro è il porto di arrivo.'],
    ['a name before a product word', 'Hi Sarah, Amber Alert integration is out of scope.'],
    ['a workplace named after its founder', 'Hi Sarah, Eva works at Pierre Fabre in Toulouse.'],
    ['a workplace, in German', 'Hallo Sarah, Anna arbeitet jetzt bei Hans Riegel.'],
    ['a workplace, in French', 'Bonjour Sarah, Marc travaille chez Pierre Hermé depuis 2020.'],
    ['a person cited, in Italian', 'Ciao Sarah, Giulia ha citato Paolo Ferrante nella riunione.'],
    ["a company's founding day", 'Hi Sarah, happy 10th birthday to the company, founded on 3 March 2016!'],
    ['a sprint named like a street', 'Hi Sarah, the sprint named 14 Maple Street ends Friday.'],
    ['a confirmation number', 'Hi Sarah, your confirmation number is 7731 4420 9981.'],
    ['a policy number', "Hi Sarah, Noor's policy number 7710-4492-18 at the insurer."],
    ['a register number', 'Hi Sarah, Companies House number 09446231 for our UK entity.'],
    ['a French booking number', 'Bonjour Sarah, le numéro de réservation est 06 41 22 87 10.'],
    ['an NIE shape after a reference word', 'Hi Sarah, the batch code X1234567L was recalled.'],
    ['an employee number', "Hi Sarah, Max's employee number 20419876 is in the HR system."],
    ['a range of dates with dots', 'Hallo Sarah, die Aktion läuft 15.11.-30.11.2026.'],
    ['a count of points', 'Hi Sarah, scores: 98 765 432 points in the leaderboard.'],
    ['a chapter titled like a street', 'Hi Sarah, see chapter 4 Park Lane Strategy in the playbook.'],
    ['a date after born as part of a word', 'Hi Sarah, the born-digital team meets on 12 March 2026.'],
    ['a booth number before at and dot', 'Hi Sarah, find us at booth 22 at expo dot com conference.'],
    ['lowercase words after a family word that make no name', 'Hi Sarah, Amit ne bola ki unki wife ka email use karo.'],
    ['a cue word before a verb', 'Hi Sarah, my colleague will call you.'],
    ['a test card number', 'Hi Sarah, test card 4242 4242 4242 4242 in the sandbox.'],
    ['lettered clauses', 'Hi Sarah, see clause 4(a)(ii) and item (a) here.'],
    ['a number used as a reference', 'Hi Sarah, use 4539 1488 0343 6467 as the PO reference.'],
    ['a French member number', "Bonjour Sarah, votre numéro d'adhérent 4539 1488 0343 6467."],
    ['a Spanish booking locator', 'Hola Sarah, el localizador 4539 1488 0343 6467.'],
    ['an Italian membership card number', 'Ciao Sarah, il numero della tessera 4539 1488 0343 6467.'],
    ['a German compound of ID', 'Hallo Sarah, die Vorgangs-ID 4539 1488 0343 6467.'],
    ['a supplier number', "Hi Sarah, Bo's supplier number with us is 7741 0092 35."],
    ['an abbreviated German customer number', 'Hallo Sarah, Kd.-Nr. 0171 2345678 bitte angeben.'],
    ['a German order number ending in a dot', 'Hallo Sarah, Bestellnr. 0151 2347 8810.'],
    ['any German compound of Nummer', 'Hallo Sarah, die Vertragskontonummer 800 123 4567 steht oben rechts.'],
    ['an Italian protocol number', 'Ciao Sarah, Prot. n. 347 123 4567 del 12/03.'],
    ['a Spanish member number', 'Hola Sarah, nº de socio 612 345 678.'],
    ['an asset number', 'Hi Sarah, the asset number 07700 900123 is on the sticker.'],
    ['a name in quotes naming a dashboard', 'Hi Sarah, the "Henry Walsh" dashboard is our internal telemetry project.'],
    ['a name the text calls a joke', 'Hi Sarah, Ned Harlow in the draft is a TV joke, not a person.'],
    ['a family firm', 'Hola Sarah, Lucía trabaja en Hijos de Rivera, la cervecera.'],
    ['the month and year a company was born, in Italian', "Ciao Sarah, l'azienda è nata nel marzo 2010 a Torino."],
    ['a sale on a birthday of the business', 'Hi Sarah, our birthday sale on 14/02/2026 drove 400 signups.'],
    ['a branch birthday, in German', 'Hallo Sarah, zum Geburtstag der Filiale am 12.05.2026 gibt es Rabatt.'],
    ['a Spanish event named like a street', 'Hola Sarah, la Calle Innovación 2025 es el nombre de nuestro evento anual.'],
    ['a German tariff named like a street', 'Hallo Sarah, das Paket Sonnenallee 3 ist unser Premium-Tarif.'],
    ['a street word inside a compound', 'Hi Sarah, 10 Best Practice Drive-Through tips are in the guide.'],
    ['an address said to be demo data', 'Hi Sarah, "18 Willow Crescent" is just our demo data address, not real.'],
  ])('does not take %s for PII', (_, text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    ['a favourite customer', 'Hi Sarah, Tom Baker is my favourite customer.', 'Tom Baker'],
    ['someone quoted a price', 'Hi Sarah, we quoted Jan Smit 4,000 EUR.', 'Jan Smit'],
    ['someone talked with', 'Hi Sarah, I had a talk with Megan Clarke.', 'Megan Clarke'],
    ['a reference customer', 'Hi Sarah, Tom Baker is a reference customer for us.', 'Tom Baker'],
    ['the name on a contract', 'Hi Sarah, Jan Smit is the name on the contract.', 'Jan Smit'],
    ['a campaign manager', 'Hi Sarah, Jan Smit is the campaign manager.', 'Jan Smit'],
  ])('finds %s, a private person', (_, text, name) => {
    expect(found(text)).toEqual([['other_person', name]]);
  });

  it('finds a private person someone works with', () => {
    expect(found('Hi Sarah, Eva works with Megan Clarke on the rollout.')).toEqual([['other_person', 'Megan Clarke']]);
  });

  it.each([
    ['before a listed surname, with a role in brackets', 'Hi Sarah, Chidi Okonkwo (CFO) signed off.', 'Chidi Okonkwo'],
    ['surname first, in pinyin', 'Hi Sarah, Wang Weiqi needs the SOC 2 report.', 'Wang Weiqi'],
    [
      'in words no list holds, with what only a person does after',
      'Hi Sarah, Raimonds Kalniņš attended instead of his manager.',
      'Raimonds Kalniņš',
    ],
    ['in words no list holds, with a role in brackets', 'Hi Sarah, Olusegun Adeyemi (CFO) wants 3-year pricing.', 'Olusegun Adeyemi'],
    ['in words no list holds, with their role after', 'Hi Sarah, Njoroge Mwangi, their IT lead, flagged an SSO issue.', 'Njoroge Mwangi'],
    ['in words no list holds, with their team after', 'Hi Sarah, Njoroge Mwangi from IT flagged an SSO issue.', 'Njoroge Mwangi'],
    ['in words no list holds, with their office after', 'Hi Sarah, Tawhiri Ngata from the Auckland office called.', 'Tawhiri Ngata'],
    ['in words no list holds, with what a person does after', 'Hi Sarah, Olusegun Adeyemi said yes.', 'Olusegun Adeyemi'],
    [
      'with a double-barrelled surname',
      "Hi Sarah, Ifeoma's assistant Temitope Oyelaran-Bello runs her calendar.",
      'Temitope Oyelaran-Bello',
    ],
    ['with a double-barrelled surname ending in a word for a building', 'Hi Sarah, Emma Smith-Hall signed off.', 'Emma Smith-Hall'],
    ['with the office far after the name', 'Hi Sarah, Jørgen Bakken from the Oslo sales office wants the DPA.', 'Jørgen Bakken'],
    ['as the one who decides', 'Hi Sarah, Tesfaye Gebremedhin is the real decision maker.', 'Tesfaye Gebremedhin'],
    ['after "copied"', "Hi Sarah, I've copied Hirut Alemayehu from our team.", 'Hirut Alemayehu'],
    ['with a Dutch particle', 'Hi Sarah, ask Bram ter Horst (IT) for the test account.', 'Bram ter Horst'],
  ])('finds a private person named %s', (_, text, name) => {
    expect(found(text)).toEqual([['other_person', name]]);
  });

  it.each([
    [
      'a relative whose name shares a word with theirs, by a particle',
      'Hi Thanh, her colleague Le Van Thanh signed off.',
      'Thanh',
      'Nguyen',
      ['Le Van Thanh'],
    ],
    ['a son named after his father', 'Hi Omar, his son Khalid bin Omar called.', 'Omar', 'Khalid', ['Khalid bin Omar']],
    [
      'a wife who shares their surname, her given name a salutation too',
      "Summary: Brendan's wife Cara Hart books the meetings.",
      'Brendan',
      'Hart',
      ['Cara Hart'],
    ],
    [
      'a father whose name differs by a letter no folding makes the same',
      'Her father Michał Kowalski signed.',
      'Michael',
      'Kowalski',
      ['Michał Kowalski'],
    ],
    [
      "a colleague whose given name is a salutation, before the recipient's",
      'Her colleague Cara Thomas will join the call.',
      'Thomas',
      'Müller',
      ['Cara Thomas'],
    ],
    [
      'people whose names are salutations elsewhere',
      'Hi Sarah, Marco Gentile (CFO) approved; her colleague Dag Hansen signed off.',
      'Sarah',
      'Lee',
      ['Marco Gentile', 'Dag Hansen'],
    ],
  ])('finds someone other than the recipient: %s', (_, text, first_name, last_name, names) => {
    expect(found(text, { recipient: { first_name, last_name } })).toEqual(names.map((name) => ['other_person', name]));
  });

  it('finds a name joined by "and" to a name found, one of its words listed; not a product, nor one joined by a comma alone', () => {
    expect(found("Hi Sarah, I've copied Hirut Alemayehu and Tesfaye Mensah.")).toEqual([
      ['other_person', 'Hirut Alemayehu'],
      ['other_person', 'Tesfaye Mensah'],
    ]);
    expect(found("Hi Sarah, I've copied Hirut Alemayehu and Datadog Synthetics.")).toEqual([['other_person', 'Hirut Alemayehu']]);
    expect(found('Hi Sarah, our contact is Ms. Caroline Weiss, Klinikum Süd.')).toEqual([['other_person', 'Caroline Weiss']]);
  });

  it.each([
    ['an Italian greeting that is a surname too', 'Buongiorno Alessandro, ecco il preventivo.'],
    ['a place the lexicon knows in two words, after a listed given name', 'Hi Sarah, the roadshow stops in Addis Ababa.'],
    ['a public figure in a plural possessive', "Hi Sarah, Steve Jobs' keynote is the model."],
    ['a brand with a word run on after it', 'Hallo Sarah, anbei Hugo Boss Fallstudie.'],
    ['a room joined to its name by a hyphen', 'Hi Sarah, we meet in Aletta Jacobs-zaal.'],
    ['two unknown words without a person cue', 'Hi Sarah, Quokka Nimbus is the codename.'],
    ['a German greeting before the recipient', 'Guten Tag Sarah Lee, anbei das Angebot.'],
    ['a board', 'Hi Sarah, Comité de Direction meets on Monday.'],
    [
      'places and a feast whose first words are names elsewhere',
      'Hi Sarah, we open in Ras Al Khaimah and Vila Madalena, closed for Dia de Reyes.',
    ],
    ['a port city', 'Hi Sarah, we open in Port Louis next month.'],
    ['products doing what companies do too', 'Hi Sarah, Snowflake Cortex needs a license; Workday Adaptive wants a demo.'],
    ['words before a bracket that holds no role', 'Hi Sarah, Kafka Connect (it was easy) and Casa das Rosas (IT) are set up.'],
  ])('finds no person in %s', (_, text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    [
      'after a greeting the surname lists hold, with a noun the lists hold too',
      'Liebe Anna, anbei das Angebot für Der Kunde.',
      'Anna',
      'Becker',
    ],
    ['with a particle their name is written without', 'Olá João, segue a proposta para João dos Santos.', 'João', 'Santos'],
    ['without the hyphen of their given name', 'Hi Seoyeon Kim, thanks for the call.', 'Seo-yeon', 'Kim'],
    ['with its umlaut and its ß spelled out', 'Hallo Juergen Weiss, danke.', 'Jürgen', 'Weiß'],
  ])("finds no one in the recipient's own name %s", (_, text, first_name, last_name) => {
    expect(found(text, { recipient: { first_name, last_name } })).toEqual([]);
  });

  it('finds a private person met in a job interview', () => {
    expect(found('Hi Sarah, I had an interview with Megan Clarke today.')).toEqual([['other_person', 'Megan Clarke']]);
  });

  it('finds phone numbers after German compounds of a phone word and Nummer', () => {
    expect(found('Hallo Sarah, Tel.-Nr. 0151 2347 8810, Festnetz-Nr. 030 1234567.')).toEqual([
      ['phone', '0151 2347 8810'],
      ['phone', '030 1234567'],
    ]);
  });

  it('finds a card number read out or paid with', () => {
    expect(found('Hi Sarah, Tom read his card over the phone: 4539-1488-0343-6467.')).toEqual([['card_number', '4539-1488-0343-6467']]);
    expect(found('Hi Sarah, payment went through with 4539 1488 0343 6467.')).toEqual([['card_number', '4539 1488 0343 6467']]);
  });

  it('finds a phone number after follow-up words that name no number', () => {
    expect(found('Bonjour Sarah, pour le suivi : 06 12 34 56 78.')).toEqual([['phone', '06 12 34 56 78']]);
    expect(found('Hola Sarah, para el seguimiento: 612 345 678.')).toEqual([['phone', '612 345 678']]);
  });

  it('finds a phone number after a booking word that names no number', () => {
    expect(found('Hi Sarah, about the booking, call me on 07700 900 123.')).toEqual([['phone', '07700 900 123']]);
  });
});

describe('detectPii: national ids named after the number or grouped unusually', () => {
  it('takes nine digits as the social insurance number a possessive phrase after them names, not as a phone', () => {
    expect(found("Note: the form lists 512 773 409, the tenant's social insurance number, on page two.")).toEqual([
      ['national_id', '512 773 409'],
    ]);
  });

  it('takes a BSN in any grouping of its nine digits after the word naming it', () => {
    expect(found('Notitie: Joris gaf zijn BSN 381 20 45 71 door.')).toEqual([['national_id', '381 20 45 71']]);
    expect(found('Notitie: het BSN van de klant is 3812.04.583.')).toEqual([['national_id', '3812.04.583']]);
  });

  it('takes an Aadhaar number named in brackets after it', () => {
    expect(found('Note: Ravi read out 3729-4816-5502 (his Aadhaar) on the call.')).toEqual([['national_id', '3729-4816-5502']]);
  });

  it('leaves nine digits in an odd grouping alone without the word naming an id', () => {
    expect(found('Notitie: pallet 381 20 45 71 staat in hal B.').filter(([kind]) => kind === 'national_id')).toEqual([]);
  });
});

describe('detectPii: an IBAN with a mistyped check digit', () => {
  it("is taken right after the word IBAN, in its country's length and format", () => {
    expect(found('Hola Inés, la devolución irá al IBAN ES92 2100 0418 4502 0005 1332.')).toEqual([
      ['iban', 'ES92 2100 0418 4502 0005 1332'],
    ]);
  });

  it('is not taken without that word', () => {
    expect(found('Hola Inés, el lote ES92 2100 0418 4502 0005 1332 llegó.').filter(([kind]) => kind === 'iban')).toEqual([]);
  });
});

describe('detectPii: phone numbers written in more ways', () => {
  it('reads a German compound naming a phone as a phone word, nearer than a tax id before it', () => {
    expect(found('Notiz: Frau Weber gab ihre Steuer-ID an und dazu ihre Handynummer 0176 5512 3398.')).toEqual([
      ['phone', '0176 5512 3398'],
    ]);
  });

  it('finds a Dutch private number written with 00 and the country code', () => {
    expect(found('Let op: de klant gaf zijn privénummer 0032 470 12 34 56 door.')).toEqual([['phone', '0032 470 12 34 56']]);
  });

  it('reads a phone number in its own clause: a reference word before a comma, semicolon or dash does not veto it', () => {
    expect(found('Bonjour Paul, suite au devis, mon 07 81 22 40 19 reste le meilleur moyen.')).toEqual([['phone', '07 81 22 40 19']]);
    expect(found('Invoice settled; any questions to our office at 0117 496 0321.')).toEqual([['phone', '0117 496 0321']]);
    expect(found('The quote is attached — Dana (07700 900 871) will follow up.')).toEqual([['phone', '07700 900 871']]);
  });

  it('keeps the reference word over the next items of a list of references and a value set off by commas', () => {
    expect(found('Orders 5512 3301, 5512 3302 and 5512 3303 left the warehouse today.')).toEqual([]);
    expect(found('Our DUNS, 21-337-4410, is on the supplier form.')).toEqual([]);
  });

  it('reads a call-back word in French and German as a phone word', () => {
    expect(found('Après la facture, rappelez-moi au 04 78 92 10 55.')).toEqual([['phone', '04 78 92 10 55']]);
    expect(found('Zur Rechnung bitte Rückruf unter 0711 4455 2310.')).toEqual([['phone', '0711 4455 2310']]);
  });

  it('finds a number written with its country code but no + or 00 right after a phone word', () => {
    expect(found('Anita, o meu WhatsApp é 351 936 114 207, fala comigo lá.')).toEqual([['phone', '351 936 114 207']]);
  });

  it('leaves grouped digits starting like a country code alone without a phone word', () => {
    expect(found('Lot 351 936 114 207 was moved to the second shelf.')).toEqual([]);
  });

  it('reads a phone word right after the number over a reference word before it', () => {
    expect(found('About the invoice: 0113 496 0655 (mobile) is the quickest way.')).toEqual([['phone', '0113 496 0655']]);
    expect(found('Zur Rechnung: 0711 4455 2390 ist mein Handy.')).toEqual([['phone', '0711 4455 2390']]);
  });

  it('reads a signature line by line: the name stops at the line break, the phone labels start the next line', () => {
    expect(found('Un saludo,\nRocío Prieto\nTfno. 93 412 77 05 – Móvil 655 210 334')).toEqual([
      ['other_person', 'Rocío Prieto'],
      ['phone', '93 412 77 05'],
      ['phone', '655 210 334'],
    ]);
  });

  it('finds a switchboard number with its extension', () => {
    expect(found('Please ring our switchboard on 0113 496 0777 ext. 31 any morning.')).toEqual([['phone', '0113 496 0777 ext. 31']]);
  });
});

describe('the development set (the only set rules are tuned on)', () => {
  const sample = parseLabelledSet(readFileSync(join(__dirname, '../../../apps/compliance/test-data/pii/development.jsonl'), 'utf8'));

  it('is scored at precision and recall of at least 0.98 overall', () => {
    const { overall } = evaluateDetector(sample, detectPii);
    expect(sample).toHaveLength(2220);
    expect(overall.labelled).toBe(1449);
    expect(overall.precision).toBeGreaterThanOrEqual(0.98);
    expect(overall.recall).toBeGreaterThanOrEqual(0.98);
  });
});

describe('detectPii: names a rep typed in lower case or in capitals', () => {
  it('finds a full name in a sentence typed in lower case or in capitals', () => {
    expect(found("Hi Sarah, thanks for your time on the demo. i've looped in anjali brown from finance, she'll send the numbers.")).toEqual(
      [['other_person', 'anjali brown']],
    );
    expect(found('Hi Sarah, thanks for the call. PLEASE CALL NOMVULA DLAMINI ABOUT THE RENEWAL.')).toEqual([
      ['other_person', 'NOMVULA DLAMINI'],
    ]);
    expect(found('follow up w/ farhad najafi re renewal terms, he was out last week')).toEqual([['other_person', 'farhad najafi']]);
  });

  it('finds a full name in capitals inside a sentence written with its capitals, after a cue or a verb of reaching someone', () => {
    expect(found('Hi Sarah. Spoke with PRIYA KULKARNI about the renewal.')).toEqual([['other_person', 'PRIYA KULKARNI']]);
    expect(found('Hi Sarah. Please call NOMVULA DLAMINI about the renewal.')).toEqual([['other_person', 'NOMVULA DLAMINI']]);
    expect(found('Hi Sarah. We met the CFO and IT team at AWS.')).toEqual([]);
    expect(found('Hi Sarah, I spoke with GIULIA LI today.')).toEqual([['other_person', 'GIULIA LI']]);
    // products and acronyms: a surname no list or lexicon holds, only after a cue and with a vowel; no third word in capitals
    expect(found('Hi Sarah, our platform met DORA TLPT requirements.')).toEqual([]);
    expect(found("Hi Sarah, I've sent ARIBA PUNCHOUT details and THALES LUNA HSM pricing.")).toEqual([]);
  });

  it('reads a body typed in lower case after the greeting’s paragraph', () => {
    expect(found("Hi Sarah,\n\ni've looped in anjali brown from finance, she'll send the numbers.")).toEqual([
      ['other_person', 'anjali brown'],
    ]);
    expect(found('Hi Sarah,\r\n\r\nfollow up w/ farhad najafi re renewal terms')).toEqual([['other_person', 'farhad najafi']]);
    // paragraphs split by bare carriage returns (old Mac text), vertical tabs or the paragraph separator
    expect(found('Hi Sarah,\r\rfollow up with grace kim about the renewal.')).toEqual([['other_person', 'grace kim']]);
    expect(found('Hi Sarah,\v\vfollow up with grace kim about the renewal.')).toEqual([['other_person', 'grace kim']]);
    expect(found('Hi Sarah,\u2029follow up with grace kim about the renewal.')).toEqual([['other_person', 'grace kim']]);
    // a single such break stays the space it read as: a name wrapped onto the next line is still read whole
    expect(found('We met with Priya\rKulkarni yesterday.')).toEqual([['other_person', 'Priya\rKulkarni']]);
    expect(found('We met with Priya\u2028Kulkarni yesterday.')).toEqual([['other_person', 'Priya\u2028Kulkarni']]);
    // and ends a line of a signature as before
    expect(found('Best,\rJane Doe\rCustomer Success')).toEqual([['other_person', 'Jane Doe']]);
    expect(found('We met with Priya\x85Kulkarni yesterday.')).toEqual([['other_person', 'Priya\x85Kulkarni']]);
    expect(found('Hi Sarah,\r\u2800\rfollow up with grace kim about it.')).toEqual([['other_person', 'grace kim']]);
  });

  it('takes a particle or another language’s function word before a name for its given name only before a role or deed', () => {
    expect(found('ciao sarah, buona giornata e una serena settimana.')).toEqual([]);
    expect(found('Hallo Sarah, danke. die zahlen von lena und jonas kommen morgen.')).toEqual([]);
    expect(found('Hallo Sarah. otto wieczorek (cfo) hat gestern zugesagt.')).toEqual([['other_person', 'otto wieczorek']]);
    expect(found('Hi Sarah. del okafor (cfo) signed off yesterday.')).toEqual([['other_person', 'del okafor']]);
  });

  it('takes no surname after a cue and a title, with the word after it, for a full name', () => {
    // the recipient's own surname; a third party's alone is no finding either, as `Mr. Patel` without a cue is none
    expect(found('Hi Sarah. Met with Ms. Lee re pricing.')).toEqual([]);
    expect(found('Hi Sarah,\n\nspoke with ms. lee today.')).toEqual([]);
    expect(found('Hi Sarah, I met with Mr. Patel on Tuesday.')).toEqual([]);
    expect(found('Hi Sarah, your neighbour, mrs. eleanor hughes, called.')).toEqual([['other_person', 'eleanor hughes']]);
  });

  it('takes a given name that is a word too for a name where it is no verb, before a surname or a plain given name', () => {
    // `mark` and `grace` are words too: at the start of a sentence saying what the person did, after a preposition
    expect(found('Hi Sarah,\n\nmark thompson said yes to the pilot.')).toEqual([['other_person', 'mark thompson']]);
    expect(found("Hi Sarah. i'll follow up with grace kim next week.")).toEqual([['other_person', 'grace kim']]);
    // a verb before a given name alone, which is no finding: after `to`, or an instruction however the name goes on
    expect(found('Hi Sarah. chase kim for the invoice, then we need to   chase kim again.')).toEqual([]);
    expect(found('Hi Sarah,\n\nchase kim in accounts if the invoice has not arrived.\n- ping ana from legal re the dpa')).toEqual([]);
    // a plural after the name is no deed (`quotes`)
    expect(found('hi sarah,\n\nchase kim quotes by friday.')).toEqual([]);
  });

  it('reads `to` after a verb of talking or sending as a preposition, and a deed after the names listed together', () => {
    expect(found('Hi Sarah. please send the contract to mark thompson in legal.')).toEqual([['other_person', 'mark thompson']]);
    expect(found('Hi Sarah. i forwarded it to mark thompson yesterday.')).toEqual([['other_person', 'mark thompson']]);
    expect(found("Hi Sarah. i'll talk to grace kim tomorrow.")).toEqual([['other_person', 'grace kim']]);
    expect(found('Hi Sarah. i sent a copy to mark thompson.')).toEqual([['other_person', 'mark thompson']]);
    expect(found('Hi Sarah. sent the updated pricing deck to mark thompson.')).toEqual([['other_person', 'mark thompson']]);
    expect(found('Hi Sarah. sent them all over to grace kim.')).toEqual([['other_person', 'grace kim']]);
    expect(found("Hi Sarah. i'll report back to grace kim.")).toEqual([['other_person', 'grace kim']]);
    expect(found('Hi Sarah. spoke briefly to grace kim today.')).toEqual([['other_person', 'grace kim']]);
    // `to` that may mark an infinitive: after `need`, or after a pronoun alone
    expect(found('Hi Sarah. we need to mark thompson as the new contact.')).toEqual([]);
    expect(found('Hi Sarah. i need you to mark thompson as the owner.')).toEqual([]);
    expect(found('Hi Sarah. going to mark thompson down as the owner.')).toEqual([]);
    // a person sent, after whom `to` tells what for; not someone introduced
    expect(found('Hi Sarah. sent a rep to chase hilton about the refund.')).toEqual([]);
    expect(found('Hi Sarah. sent the new rep to chase hilton about the refund.')).toEqual([]);
    expect(found('Hi Sarah. i emailed you to mark thompson as the owner.')).toEqual([]);
    expect(found('Hi Sarah. introduced us to grace kim last week.')).toEqual([['other_person', 'grace kim']]);
    expect(found('Hi Sarah. introduced the team to mark thompson last week.')).toEqual([['other_person', 'mark thompson']]);
    expect(found('Hi Sarah. sent the team over to grace kim for onboarding.')).toEqual([['other_person', 'grace kim']]);
    expect(found("Hi Sarah. i'll hand you over to mark thompson.")).toEqual([['other_person', 'mark thompson']]);
    expect(found("Hi Sarah. i'll hand you off to grace kim.")).toEqual([['other_person', 'grace kim']]);
    expect(found("Hi Sarah. i'll pass you to mark thompson.")).toEqual([['other_person', 'mark thompson']]);
    expect(found("Hi Sarah. i've passed her to grace kim for onboarding.")).toEqual([['other_person', 'grace kim']]);
    expect(found("Hi Sarah. i'll put you through to mark thompson.")).toEqual([['other_person', 'mark thompson']]);
    expect(found('Hi Sarah. i referred him to grace kim in legal.')).toEqual([['other_person', 'grace kim']]);
    expect(found("Hi Sarah. i'll connect you directly to mark thompson.")).toEqual([['other_person', 'mark thompson']]);
    // `joined`, which compromise alone takes for an adjective, says what they did, also after a second name
    expect(found('Hi Sarah,\n\nmark thompson joined the call.')).toEqual([['other_person', 'mark thompson']]);
    expect(found('Hi Sarah,\n\nmark thompson applied for the role.')).toEqual([['other_person', 'mark thompson']]);
    expect(found('Hi Sarah,\n\nmark thompson left the company.')).toEqual([['other_person', 'mark thompson']]);
    expect(found('Hi Sarah,\n\nmark thompson also joined.')).toEqual([['other_person', 'mark thompson']]);
    expect(found('Hi Sarah,\n\nmark thompson has signed.')).toEqual([['other_person', 'mark thompson']]);
    // a past form the dictionary makes of a stem of two letters is no deed (`red` of `re`)
    expect(found('Hi Sarah,\n\nmark thompson red is our new supplier.')).toEqual([]);
    // nor a verb's own entry ending in -ed (`speed`)
    expect(found('Hi Sarah,\n\nmark thompson speed test failed.')).toEqual([]);
    expect(found('Hi Sarah,\n\nmark thompson and grace kim joined the call.')).toEqual([
      ['other_person', 'mark thompson'],
      ['other_person', 'grace kim'],
    ]);
    expect(found('Hi Sarah,\n\nmark thompson, priya and grace kim joined the call.')).toEqual([
      ['other_person', 'mark thompson'],
      ['other_person', 'grace kim'],
    ]);
  });

  it("takes the recipient's first name before a surname not theirs for someone else's name, as with capitals", () => {
    expect(found('Hi Sarah,\n\nsarah jones from procurement asked for the sow.')).toEqual([['other_person', 'sarah jones']]);
    expect(found('hi sarah lee, thanks for the call.')).toEqual([]);
    // not a word after the name (`green`), a name after a greeting, another language's word, a first name of two words
    expect(found('hi sarah green light from legal.')).toEqual([]);
    expect(found('hi sarah jones, thanks for the call.')).toEqual([]);
    const sanne = { recipient: { first_name: 'Sanne', last_name: 'de Vries' } };
    expect(found('hoi sanne,\n\nkoen pak het contract even op.', sanne)).toEqual([]);
    // a given name, perhaps the lead's own second one; a surname only a list holds; a short note in French
    expect(
      found('great to see you rahul kumar and the team yesterday.', { recipient: { first_name: 'Rahul', last_name: 'Sharma' } }),
    ).toEqual([]);
    expect(found('great catching up sarah jira we can sort the rest next week.')).toEqual([]);
    expect(found('merci claire petit rappel pour demain.', { recipient: { first_name: 'Claire', last_name: 'Martin' } })).toEqual([]);
    const maryAnn = { recipient: { first_name: 'Mary Ann', last_name: 'Lee' } };
    expect(found('hi mary ann, mary ann jones from procurement asked for the sow.', maryAnn)).toEqual([]);
  });

  it('takes a surname the lexicon knows, though no list holds it, beside a given name', () => {
    expect(found('Hi Sarah. the org chart came from roxanne dunn.')).toEqual([['other_person', 'roxanne dunn']]);
    expect(found('hi sarah, the deck is with tanvir chowdhury now.')).toEqual([['other_person', 'tanvir chowdhury']]);
  });

  it('takes no lower-case word of a sentence written with its capitals for part of a full name', () => {
    // `reo` and `kam` are given names in the lists, `Māori` a capitalised word beside one, `hua` a surname
    expect(found('Kia ora Sarah, the portal now supports te reo Māori for your team.')).toEqual([]);
    expect(found('Sarah, Tata Consultancy Services ka case study attach kiya hai - response time 38% kam hua Q2 mein.')).toEqual([]);
  });
});
