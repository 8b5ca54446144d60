import { CountryCode, findNumbers, parsePhoneNumberFromString } from 'libphonenumber-js';
import { electronicFormatIBAN, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import type { PiiFinding, PiiKind } from '@followup/contracts';
import {
  bsnValid,
  codiceFiscaleValid,
  cpfValid,
  digitsOf,
  frenchNirValid,
  icaoCheckValid,
  inCardIssuerRange,
  itinValid,
  luhnValid,
  portugueseNifValid,
  spanishIdValid,
  ssnValid,
  steuerIdValid,
  verhoeffValid,
} from './checksums';
import { contextAllows, namedAsReferenceAfter, sameSentence } from './context-words';

/**
 * One detection rule per PII kind, each a pure function of the (normalised) text returning character spans,
 * never the matched text.
 */
export type Span = PiiFinding;

const span = (kind: PiiKind, start: number, end: number): Span => ({ kind, start, end });

export function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  for (let match = global.exec(text); match; match = global.exec(text)) {
    yield match;
    if (match[0].length === 0) global.lastIndex += 1;
  }
}

/** Any of `words`, the longest first (so `account number` wins over `account`), as whole words. */
const cue = (words: string[]) =>
  new RegExp(`(?<![\\p{L}\\d])(?:${[...words].sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])`, 'iu');

// ---------------------------------------------------------------- email

/**
 * `local@domain.tld` (RFC 5322's common subset, with internationalised letters as RFC 6531 allows; quoted local
 * parts and IP literals are not matched).
 */
const EMAIL =
  /[\p{L}\p{N}](?:[\p{L}\p{N}._%+-]{0,62}[\p{L}\p{N}_%+-])?@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}])/u;

export function findEmails(text: string): Span[] {
  return [...matches(EMAIL, text)].map((match) => span('email', match.index, match.index + match[0].length));
}

// ---------------------------------------------------------------- phone

/** Regions whose national formats are read when the tenant configures none. */
export const DEFAULT_PHONE_REGIONS: CountryCode[] = ['US', 'GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'PT', 'IN', 'CA'];

const PHONE_CUE = cue([
  'phone', 'tel', 'telephone', 'call', 'calls', 'calling', 'mobile', 'mobiles', 'cell', 'line', 'reach', 'whatsapp', 'text', 'ring',
  'dial', 'fax', 'contact', 'téléphone', 'portable', 'joindre', 'appelez', 'rappelez', 'rappeler', 'rückruf', 'zurückrufen',
  'richiamami', 'richiamare', 'terugbellen', 'ligar', 'llamar', 'chiamare', 'numéro', 'telefon', 'handy', 'mobil',
  'erreichen', 'anrufen', 'rufnummer', 'teléfono', 'móvil', 'llámame', 'llama', 'telefono', 'cellulare', 'chiamami', 'numero',
  'bel', 'bellen', 'telefoonnummer', 'ligue', 'ligue-me', 'telemóvel', 'telefone', 'contato', 'contacto', 'number', 'nummer',
  'número', 'durchwahl', 'extension', 'mob', 'ph',
  // a line's kind: the office's, the desk's, the landline (`switchboard`, `Zentrale`, `centralino`, `fijo`)
  'switchboard', 'hotline', 'helpline', 'landline', 'direct', 'reception', 'zentrale', 'festnetz', 'centralino', 'fisso', 'centralita',
  'fijo', 'fixe', 'gsm', 'sms', 'cellphone', 'cellular', 'celular', 'tél', 'tlf', 'tfno', 'telf', 'telemovel',
  // a phone's number in a German or Dutch compound (`Handynummer`, `Privatnummer`, `privénummer`, `Mobilfunk-Nr.`)
  '(?:telefon|handy|mobil|mobilfunk|mobiel|mobiele|telefoon|gsm|priv[ée]|privat|festnetz|fax|kontakt|durchwahl|ruf|whatsapp|sms|tel|werk|büro|buero)-?(?:nummer|nr)',
  // what a phone number is printed on
  'business card', 'visiting card', 'carte de visite', 'visitenkarte', 'tarjeta de visita', 'biglietto da visita', 'visitekaartje',
  'cartão de visita', 'signature', 'signatur', 'firma',
]); // prettier-ignore

/** Words naming a phone line, which after a number (`0161 496 0143 (mobile)`, `…, my cell`) say it is one. */
const PHONE_KIND_WORDS = cue([
  'phone', 'mobile', 'cell', 'cellphone', 'tel', 'telephone', 'landline', 'direct line', 'switchboard', 'fax', 'whatsapp', 'handy',
  'mobil', 'festnetz', 'telefon', 'portable', 'fixe', 'téléphone', 'móvil', 'fijo', 'teléfono', 'cellulare', 'fisso', 'telefono',
  'mobiel', 'telefoon', 'gsm', 'telemóvel', 'telefone', 'celular',
]); // prettier-ignore

/** Grouped 3-2-4 as a US social security number is, which no national phone plan writes. */
const SSN_SHAPED = /^\d{3}-\d{2}-\d{4}$/;
/** Thousands written in groups of three ending in a round thousand (`41 200 000`), an amount no phone plan writes. */
const ROUND_AMOUNT = /^\d{1,3}(?: \d{3})+$(?<= 000)/;
/** `192.168.1.100`. */
const IP_ADDRESS = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** `2019-2023`. */
const YEAR_RANGE = /^(?:19|20)\d{2}\s?-\s?(?:19|20)\d{2}$/;
/** An amount goes on with its decimals or a currency (`1 234 567,89 €`, `1 200 EUR`). */
const AMOUNT_AFTER = /^(?:[.,]\d|\s?(?:€|\$|£|%|eur\b|usd\b|gbp\b|inr\b|rs\b))/i;
/** A count goes on with what it counts (`98 765 432 points`, `1 250 000 Nutzer`), in the drafts' languages. */
const COUNT_AFTER =
  /^\s?(?:points?|users?|people|persons?|seats?|licen[cs]es?|units?|items?|records?|rows?|events?|visits?|visitors?|views?|downloads?|customers?|clients?|employees?|members?|subscribers?|followers?|requests?|leads?|accounts?|votes?|km|kg|miles?|tons?|tonnes?|sq ?ft|m²|Punkte|Nutzer|Kunden|Mitarbeiter|Stück|utilisateurs?|personnes?|employés?|abonnés?|usuarios?|personas?|empleados?|utenti|clienti|persone|dipendenti|gebruikers?|klanten|medewerkers?|utilizadores?|pessoas|funcionários)(?![\p{L}])/iu;
/** A range of dates written with dots (`15.11.-30.11.2026`). */
const DATE_RANGE = /^\d{1,2}\.\d{1,2}\.?\s?[-–]\s?\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?$/;
/** `2027.01.15`, `2025-03-14`, `15/09/2025`, `02/04`: a valid calendar date, which no phone number is written as. */
const DATE_SHAPED =
  /^(?:(?:19|20)\d{2}([./-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])(?:\2(?:\d{4}|\d{2}))?)$/;
/**
 * A grouping no numbering plan writes a national number in: four or more groups of three (`318 774 205 116`, a
 * meeting id). Nor is one of more than 13 digits without an international prefix (`0817 4472 2901 3355`).
 */
const NOT_A_PHONE_GROUPING = /^\d{3}(?:[ .-]\d{3}){3,}$/;
/**
 * Words naming a personal id (not `sin`, `pan`, `tin` or `nie`, ordinary words in the drafts' languages): a number
 * beside one of them is that id, never a phone, whether the word comes before it or after it (`139547578 as his SSN`).
 */
export const PERSONAL_ID_WORDS = cue([
  'ssn', 'social security', 'social insurance', 'tax id', 'national id', 'id number', 'nino', 'national insurance', 'ni number',
  'ni no', 'aadhaar', 'aadhar', 'dni', 'nif', 'steuer-id', 'steuer-?identifikationsnummer', 'steuernummer', 'steuer-?nr', 'idnr',
  'identifikationsnummer', 'ausweisnummer', 'personalausweis', 'sécurité sociale', 'numéro de sécurité sociale', 'nir', 'insee',
  'codice fiscale', 'bsn', 'burgerservicenummer', 'sofinummer', 'contribuinte', 'cpf', 'seguridad social', 'numéro fiscal',
  'itin',
]); // prettier-ignore
/**
 * Digits that go on into a longer code (`1Z 84A 771 03 5938 0617`, `4732 5519 8824 1106`): a token with a digit
 * and a separator just before them, or a separator and a digit just after them.
 */
const gluedToACodeBefore = (text: string, start: number) =>
  /[\p{L}\d]*\d[\p{L}\d]*[ .-]$/u.test(text.slice(Math.max(0, start - 20), start));
const partOfALongerCode = (text: string, start: number, end: number) =>
  gluedToACodeBefore(text, start) || /^[ .-]\d/.test(text.slice(end, end + 2));
/**
 * A word naming the id right after the number (`139547578 as his SSN`, `ws582907a as his national insurance no.`,
 * `…, the lead's social insurance number`, `… (her Aadhaar)`).
 */
const idNamedAfter = (idCue: RegExp, text: string, end: number) =>
  new RegExp(
    `^\\)?,?\\s+\\(?(?:(?:is|was|as|=|est|ist|es|è|é|als)\\s+)?(?:(?:the|his|her|my|our|your|their|its|a|son|sa|mon|ma|sein|seine|ihre|mein|meine|su|mi|suo|sua|mio|mia|zijn|haar|mijn|meu|minha)\\s+)?(?:\\p{L}+['’]s\\s+)?${idCue.source}`,
    'iu',
  ).test(text.slice(end, end + 50));
/** Whether an id word is right after the number, or nearer before it in its sentence than any phone word. */
const namedAsPersonalId = (text: string, start: number, end: number) =>
  idNamedAfter(PERSONAL_ID_WORDS, text, end) || !contextAllows(text, start, PHONE_CUE, { veto: PERSONAL_ID_WORDS, window: 60 });

/**
 * Where the clause before `start` begins: after its last comma, semicolon or dash between spaces, when words
 * and no other digits stand between it and the number (`…, mon 06 …`); the next items of a list (`Orders 4471 2231,
 * 4471 2232 and 4471 2233`) or a value set off by commas (`Our DUNS, 15-048-3782`) stay in the clause of the word before.
 */
function clauseStart(text: string, start: number): number {
  const breaks = [...text.slice(0, start).matchAll(/[,;]|\s[—–-]\s/g)];
  const last = breaks[breaks.length - 1];
  if (!last) return 0;
  const clause = last.index + last[0].length;
  return /^[^\d]*\p{L}{2,}[^\d]*$/u.test(text.slice(clause, start)) ? clause : 0;
}

/** Contact details listed together: a number right after an email address (`jo@acme.com, 555-0163`). */
const AFTER_AN_EMAIL = /@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}[\s,;:/|()-]{1,6}(?:or\s+|and\s+|tel\.?\s*)?$/;

/**
 * Phone numbers (never with a comma or semicolon inside) as libphonenumber-js's finder reads them in free text, national numbers as each of `regions`
 * in turn, at the "possible" leniency (the length fits the country: fictional ranges such as 07700 900xxx are
 * phone numbers to a reader too). A bare run of digits (no `+`, brackets or separators) is taken only after a
 * phone word (or right after an email address), and so does a seven-digit local number; a number after a reference word (order, invoice, sort
 * code, …) is not, unless written with `+` or brackets, nor one glued to a word or a longer number
 * (`PPL2-88412`), or a date (`02/04`, `2025-03-14`). Returns the E.164 form too.
 */
export function findPhones(text: string, regions: CountryCode[] = DEFAULT_PHONE_REGIONS): (Span & { e164: string })[] {
  const found: (Span & { e164: string; valid: boolean })[] = [];
  for (const defaultCountry of regions) {
    // `leniency` is a documented option of the finder that its type declarations leave out
    const options = { defaultCountry, leniency: 'POSSIBLE', v2: true } as { defaultCountry: CountryCode; v2: true };
    // the finder reads on over a comma or a semicolon into the next number of a list (`07700 900 915, 3 Larch
    // Mews`, `0161 496 0143; 07700 900 123`): it reads the text with line breaks there, at the same positions
    for (const match of findNumbers(text.replace(/[,;]/g, '\n'), options)) {
      // the finder takes in an opening bracket around the number (`(5521 8390 4175)`): it is not part of it
      const unbalanced = text[match.startsAt] === '(' && !text.slice(match.startsAt, match.endsAt).includes(')');
      const number = unbalanced ? { ...match, startsAt: match.startsAt + 1 } : match;
      const written = text.slice(number.startsAt, number.endsAt);
      if (/(?:\p{L}[-]?|\d[-. ]?)$/u.test(text.slice(0, number.startsAt))) continue;
      if (DATE_SHAPED.test(written) || /^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})$/.test(written)) continue;
      if (/\//.test(written) && !/^(?:\+\d{1,3}\s*(?:\(0\))?\s*)?0?\d{2,5}\s?\/\s?[\d -]+$/.test(written)) continue;
      // `+44 …` and `(415) …` are written as phone numbers; a bare run of digits needs a phone word before it
      // `0044 20 7946 0958` is as plain a phone number as `+44 …` when it reads as a valid one
      const phoneShaped = /^(?:\+|\(\d{1,5}\))/.test(written) || (/^00[1-9]/.test(written) && number.number.isValid());
      // an extension (`0161 496 0000 ext. 214`) does not make the number longer than a numbering plan's
      const digits = digitsOf(written.replace(/\s*(?:ext\.?|x|extension|poste|durchwahl|int\.?|interno|toestel)\s*\d{1,6}$/iu, '')).length;
      const international = /^(?:\+|00)/.test(written);
      const cued =
        contextAllows(text, number.startsAt, PHONE_CUE, { requireCue: true }) || AFTER_AN_EMAIL.test(text.slice(0, number.startsAt));
      if (!international && (NOT_A_PHONE_GROUPING.test(written) || digits > 13)) continue;
      // 11 digits or more without a trunk 0, a `+` or a US 1 must hold a country code written bare (`44 7700 900123`):
      // one whose first group is longer than any country code (`4821 7730 5518`) only after a phone word
      if (!international && digits >= 11 && /^[2-9]\d{3}/.test(written) && !cued) continue;
      if (!international && namedAsPersonalId(text, number.startsAt, number.endsAt)) continue;
      // digits glued to a code before them (`1Z 93B 512 44 7781`); what follows was left out by the finder already
      if (!international && gluedToACodeBefore(text, number.startsAt)) continue;
      if (SSN_SHAPED.test(written) || YEAR_RANGE.test(written) || ROUND_AMOUNT.test(written)) continue;
      if (IP_ADDRESS.test(written) || (!phoneShaped && namedAsReferenceAfter(text, number.endsAt))) continue;
      if (AMOUNT_AFTER.test(text.slice(number.endsAt, number.endsAt + 6)) || /[$€£¥]\s?$/.test(text.slice(0, number.startsAt))) continue;
      if (!international && (COUNT_AFTER.test(text.slice(number.endsAt, number.endsAt + 16)) || DATE_RANGE.test(written))) continue;
      if (digits < 7 || (digits === 7 && !cued) || (/^\(?\d+\)?$/.test(written) && !cued)) continue;
      const valid = number.number.isValid();
      // a valid number written in groups is read in its own clause: a reference word before a comma, a semicolon
      // or a dash speaks of something else (`suite à la commande, mon 06 12 34 56 78`, `Invoice sent; call 0207 …`)
      const from = /\d[ .\-/]\d/.test(written) ? clauseStart(text, number.startsAt) : 0;
      const allowedBefore = contextAllows(text.slice(from), number.startsAt - from, PHONE_CUE, { window: 80 });
      if (!phoneShaped && !allowedBefore && !idNamedAfter(PHONE_KIND_WORDS, text, number.endsAt)) continue;
      // digits written in one run, without the grouping people write a phone number in, only as a valid number
      if (/^\d+$/.test(written) && !valid) continue;
      const overlapping = found.findIndex((other) => other.start < number.endsAt && number.startsAt < other.end);
      // the first region that reads the number as a valid one gives its E.164 form
      if (overlapping >= 0 && (found[overlapping].valid || !valid)) continue;
      if (overlapping >= 0) found.splice(overlapping, 1);
      found.push({ ...span('phone', number.startsAt, number.endsAt), e164: number.number.number, valid });
    }
  }
  return [...found, ...withBareCountryCode(text, found)].map(({ valid: _valid, ...phone }) => phone).sort((a, b) => a.start - b.start);
}

/** Groups of digits that may start with a country code written without `+` or `00` (`351 912 345 678`). */
const GROUPED_DIGITS = /(?<![\p{L}\d+.,-])[1-9]\d{0,2}(?:[ .-]\d{1,4}){2,5}(?![\p{L}\d]|[.,-]\d)/gu;

/**
 * `WhatsApp: 351 912 345 678`: right after a phone word, digits the regions' national formats do not read are a
 * valid international number when they start with its country code.
 */
function withBareCountryCode(text: string, found: Span[]): (Span & { e164: string; valid: boolean })[] {
  const more: (Span & { e164: string; valid: boolean })[] = [];
  for (const match of text.matchAll(GROUPED_DIGITS)) {
    const start = match.index;
    const end = start + match[0].length;
    if (found.some((other) => other.start < end && start < other.end)) continue;
    if (!contextAllows(text, start, PHONE_CUE, { requireCue: true, window: 30 })) continue;
    if (namedAsPersonalId(text, start, end) || namedAsReferenceAfter(text, end)) continue;
    const number = parsePhoneNumberFromString(`+${digitsOf(match[0])}`);
    if (number?.isValid()) more.push({ ...span('phone', start, end), e164: number.number, valid: true });
  }
  return more;
}

// ---------------------------------------------------------------- card numbers

/** 12 to 19 digits, single spaces, dashes or dots between them, not glued to a word or another number. */
const CARD = /(?<![\p{L}\d][-.]?)\d(?:[ .-]?\d){11,18}(?![-.]?[\p{L}\d])/u;
const CARD_CUE = cue([
  'card', 'cards', 'visa', 'mastercard', 'master card', 'amex', 'american express', 'discover', 'jcb', 'maestro', 'diners',
  'paid with', 'pay with', 'charged', 'carte', 'cb', 'karte', 'kreditkarte', 'tarjeta', 'carta', 'cartão', 'kaart', 'creditcard',
]); // prettier-ignore

/** What follows a card number and nothing else: its expiry or security code, in the same sentence. */
const CARD_DETAILS_AFTER =
  /^[^.!?\n]{0,30}?(?<![\p{L}])(?:exp(?:iry|ires|\.)?|cvv2?|cvc2?|cv2|security code|valid (?:thru|through|until))(?![\p{L}])/iu;

/**
 * Numbers in a card network's issuer range and length that pass Luhn. A reference word before one vetoes it,
 * unless the card's expiry or security code follows it.
 */
export function findCardNumbers(text: string): Span[] {
  return [...matches(CARD, text)]
    .filter((match) => {
      const digits = digitsOf(match[0]);
      if (!luhnValid(digits) || !inCardIssuerRange(digits) || /^(\d)\1+$/.test(digits)) return false;
      if (CARD_DETAILS_AFTER.test(text.slice(match.index + match[0].length))) return true;
      return contextAllows(text, match.index, CARD_CUE) && !namedAsReferenceAfter(text, match.index + match[0].length);
    })
    .map((match) => span('card_number', match.index, match.index + match[0].length));
}

// ---------------------------------------------------------------- national ids

const NATIONAL_ID_CUE = cue([
  'ssn', 'social security', 'sin', 'social insurance', 'tax id', 'tin', 'national id', 'nino', 'national insurance', 'ni number',
  'aadhaar', 'aadhar', 'pan', 'dni', 'nie', 'nif', 'steuer-id', 'steuer-?identifikationsnummer', 'steuernummer', 'idnr',
  'identifikationsnummer', 'ausweis', 'ausweisnummer', 'personalausweis', 'sécurité sociale', 'nir', 'insee', 'codice fiscale',
  'bsn', 'burgerservicenummer', 'sofinummer', 'contribuinte', 'cpf', 'seguridad social', 'numéro fiscal', 'id number', 'itin',
]); // prettier-ignore
/** Nine digits alone are an id only after a cue that names the id, and must pass that id's check. */
const NINE_DIGIT_IDS: { cue: RegExp; valid: (digits: string) => boolean }[] = [
  { cue: cue(['ssn', 'social security', 'tax id', 'tin', 'itin', 'national id']), valid: ssnValid },
  { cue: cue(['sin', 'social insurance']), valid: luhnValid },
  { cue: cue(['bsn', 'burgerservicenummer', 'sofinummer']), valid: bsnValid },
  { cue: cue(['nif', 'contribuinte', 'numéro fiscal']), valid: portugueseNifValid },
];
const ITIN_CUE = cue(['itin', 'individual taxpayer identification number', 'individual taxpayer']);
/**
 * Words naming a product, a part, an error, a customer record, a case or a shipment, whose numbers may take an
 * id's shape (`part no. 412-55-9031`, `customer ID 555-01-4471`), in the drafts' languages.
 */
const CATALOGUE_WORDS = cue([
  'sku', 'skus', 'part', 'parts', 'part no', 'item', 'article', 'model', 'serial', 'lot', 'batch', 'catalog', 'catalogue', 'product',
  'style', 'error', 'error code', 'order', 'invoice', 'ticket', 'po', 'tracking', 'artikel', 'artículo', 'articolo', 'référence', 'réf',
  'artigo', 'código', 'codigo', 'codice', 'code', 'modelo', 'modello', 'modèle', 'pièce', 'pieza', 'peça', 'pezzo', 'onderdeel',
  'teil', 'teilenummer', 'artikelnummer', 'referencia', 'riferimento', 'referência',
  // a customer or member only with the word for its number (`the customer pasted 536-22-8714` is the customer's SSN)
  '(?:customer|client|cliente|kunde|klant|member|membership)[ -]?(?:id|number|no|nr|#|code|account|nummer|numéro|número|numero)',
  'kundennummer', 'crm', 'case (?:number|no|id|#)', 'pratica', 'expediente', 'dossier', 'aktenzeichen', 'vorgang',
  'shipment', 'parcel', 'sendung', 'seguimiento', 'suivi', 'tracciamento', 'rastreio', 'container', 'version', 'build', 'incident',
]); // prettier-ignore
/** Nine digits in any grouping (`624 07 54 48`, `6586.62.429`): taken only with the word naming the id and its check. */
const NINE_DIGITS = /(?<![\d-])\d(?:[-. ]?\d){8}(?![\d-])/;
const SSN_SEPARATED = /(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])/;
/** UK National Insurance number: two letters (not D, F, I, Q, U, V; second not O), six digits, A-D. */
const UK_NINO = /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/;
const AADHAAR = /(?<![\d-])[2-9]\d{3}([ -]?)\d{4}\1\d{4}(?![\d-])/;
/** Indian PAN: five letters (the fourth the holder type), four digits, a letter. */
const INDIAN_PAN = /\b[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]\b/;
const SPANISH_ID = /\b(?:\d{8}|[XYZ]-?\d{7})-?[A-Z]\b/;
const STEUER_ID = /(?<![\d-])[1-9]\d(?: ?\d{3}){3}(?![\d-])/;
const PERSONALAUSWEIS = /\b[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d\b/;
const FRENCH_NIR = /(?<![\d-])[12] ?\d{2} ?\d{2} ?(?:\d{2}|2A|2B) ?\d{3} ?\d{3} ?\d{2}(?![\d-])/;
const CODICE_FISCALE = /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/i;
const CPF = /(?<![\d.-])\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?![\d-]|\.\d)/;

export function findNationalIds(text: string): Span[] {
  const found: Span[] = [];
  const add = (match: RegExpExecArray) => found.push(span('national_id', match.index, match.index + match[0].length));
  const allowed = (match: RegExpExecArray, requireCue = false) => contextAllows(text, match.index, NATIONAL_ID_CUE, { requireCue });
  // the separated SSN shape with a valid area, group and serial is specific enough that only a word naming a
  // product or a catalogue entry right before it vetoes it (`SKU 731-44-0090`), not a generic `ID` or `ref`
  // (an ITIN, area 9, only after the word naming it)
  const end = (match: RegExpExecArray) => match.index + match[0].length;
  const inALongerCode = (match: RegExpExecArray) => partOfALongerCode(text, match.index, end(match));
  for (const match of matches(SSN_SEPARATED, text)) {
    const digits = digitsOf(match[0]);
    const shaped = ssnValid(digits) || (itinValid(digits) && contextAllows(text, match.index, ITIN_CUE, { requireCue: true }));
    if (!shaped || inALongerCode(match)) continue;
    const named = idNamedAfter(NATIONAL_ID_CUE, text, end(match));
    if (named || contextAllows(text, match.index, NATIONAL_ID_CUE, { veto: CATALOGUE_WORDS, window: 80 })) add(match);
  }
  for (const match of matches(NINE_DIGITS, text)) {
    if (inALongerCode(match)) continue;
    const before = sameSentence(text.slice(Math.max(0, match.index - 50), match.index));
    const namedBefore = NINE_DIGIT_IDS.find((candidate) => candidate.cue.test(before));
    const named = namedBefore ?? NINE_DIGIT_IDS.find((candidate) => idNamedAfter(candidate.cue, text, end(match)));
    if (named?.valid(digitsOf(match[0])) && (namedBefore ? allowed(match, true) : true)) add(match);
  }
  // an id's shape after a reference word nearer than the id's own word is a reference (`batch code X1234567L`)
  for (const match of matches(UK_NINO, text)) if (allowed(match)) add(match);
  // written in lower case, a NINO or PAN shape is too common a token to take without a word naming the id
  for (const pattern of [UK_NINO, INDIAN_PAN]) {
    for (const match of matches(new RegExp(pattern.source, 'i'), text)) {
      const named = allowed(match, true) || idNamedAfter(NATIONAL_ID_CUE, text, end(match));
      if (match[0] !== match[0].toUpperCase() && named) add(match);
    }
  }
  for (const match of matches(AADHAAR, text)) {
    if (
      verhoeffValid(digitsOf(match[0])) &&
      !inALongerCode(match) &&
      (contextAllows(text, match.index, NATIONAL_ID_CUE, { requireCue: true, window: 80 }) || idNamedAfter(NATIONAL_ID_CUE, text, end(match)))
    )
      add(match);
  }
  for (const match of matches(INDIAN_PAN, text)) if (allowed(match)) add(match);
  for (const match of matches(SPANISH_ID, text)) if (spanishIdValid(match[0]) && allowed(match)) add(match);
  // an 11-digit number that passes the Steuer-ID check is taken when the id was asked for in the sentence before, too
  for (const match of matches(STEUER_ID, text)) {
    if (inALongerCode(match)) continue;
    const asked = contextAllows(text, match.index, NATIONAL_ID_CUE, { requireCue: true, acrossSentences: true, window: 100 });
    if (steuerIdValid(digitsOf(match[0])) && asked) add(match);
  }
  for (const match of matches(PERSONALAUSWEIS, text)) {
    if (/\d.*\d/.test(match[0]) && /[A-Z]/.test(match[0]) && icaoCheckValid(match[0]) && allowed(match)) add(match);
  }
  for (const match of matches(FRENCH_NIR, text)) if (frenchNirValid(match[0]) && allowed(match)) add(match);
  for (const match of matches(CODICE_FISCALE, text)) if (codiceFiscaleValid(match[0]) && allowed(match)) add(match);
  for (const match of matches(CPF, text)) {
    if (cpfValid(digitsOf(match[0])) && (/[.-]/.test(match[0]) ? allowed(match) : allowed(match, true))) add(match);
  }
  return found;
}

// ---------------------------------------------------------------- IBAN

/**
 * A country code, two check digits, then up to 30 letters/digits in optional groups (a space, dash or dot
 * between them, a space after the country code too), any case.
 */
const IBAN_CANDIDATE = /\b[A-Z]{2} ?\d{2}(?:[ .-]?[A-Z0-9]){11,30}\b/i;

/**
 * The country's length and BBAN format and the ISO 7064 mod-97 check, as ibantools reads them. A national
 * check inside the BBAN (the French RIB key, the Spanish control digits) that fails does not make it less of
 * someone's IBAN: the mod-97 check already tells it from a number that merely looks like one.
 */
const ibanValid = (electronic: string, named: boolean) =>
  validateIBAN(electronic).errorCodes.every(
    (code) =>
      code === ValidationErrorsIBAN.WrongAccountBankBranchChecksum || (named && code === ValidationErrorsIBAN.WrongIBANChecksum),
  );

/**
 * IBANs (see `ibanValid`). A candidate that ran into the following word is shortened until it validates. Right
 * after the word `IBAN`, the country's length and format are enough: a mistyped check digit leaves it the
 * person's account to a reader.
 */
export function findIbans(text: string): Span[] {
  const found: Span[] = [];
  for (const match of matches(IBAN_CANDIDATE, text)) {
    let candidate = match[0];
    const named = /(?<![\p{L}])iban:?\s*$/iu.test(text.slice(Math.max(0, match.index - 8), match.index));
    while (candidate.replace(/[ .-]/g, '').length >= 15) {
      const electronic = electronicFormatIBAN(candidate.replace(/[ .-]/g, '').toUpperCase());
      if (electronic && ibanValid(electronic, named)) {
        found.push(span('iban', match.index, match.index + candidate.length));
        break;
      }
      candidate = candidate.slice(0, -1).replace(/[ .-]+$/, '');
    }
  }
  return found;
}

// ---------------------------------------------------------------- bank accounts

/** Words that announce a bank account number; the digits must follow within a few words. */
const ACCOUNT_CUE = cue([
  'account', 'account number', 'account no', 'acct', 'a/c', 'bank account', 'checking', 'savings', 'konto', 'kontonummer',
  'compte', 'numéro de compte', 'cuenta', 'número de cuenta', 'conto', 'numero di conto', 'conta', 'número de conta', 'nib',
  'rekening', 'rekeningnummer', 'khata', 'account num', 'acc', 'acc no', 'kto', 'kto-nr', 'kontonr', 'rib', 'relevé d\'identité bancaire',
]); // prettier-ignore
/** Bank identifiers (not the account) and customer or CRM account ids. */
const NOT_AN_ACCOUNT = cue([
  'sort code', 'routing', 'routing number', 'aba', 'blz', 'bankleitzahl', 'ifsc', 'bic', 'swift', 'bsb', 'transit',
  'account id', 'customer account', 'account manager', 'account team', 'account executive', 'id', 'crm', 'ref', 'reference',
  'invoices?', 'orders?', 'ticket', 'case', 'po', 'quote', 'tier', 'plan', 'calls', 'users', 'seats', 'licen[cs]es',
  'balance', 'saldo', 'solde', 'kontostand', 'limit', 'overdraft',
  '(?:aws|azure|gcp|cloud|google|microsoft|apple|salesforce|user|admin|service|test|demo|trial|partner|sandbox|stripe) account',
]); // prettier-ignore
/**
 * 6 to 23 digits (a French RIB is 23) grouped by spaces, dashes or dots (`1503.44.81722`), a check letter after
 * them too (the French account number `0000157841Z`); not an amount in thousands (`1.250.000`).
 */
const ACCOUNT_DIGITS = /(?<![\p{L}\d][-.]?)\d(?:[ .-]?\d){5,22}[A-Z]?(?![-.]?[\p{L}\d])(?<!(?<![\d.])\d{1,3}(?:[.,]\d{3})+)/u;

/** The first number after an account word is the account's: `account tier 2 gives 500000 calls` names none. */
const numberBetween = (text: string, cueAt: RegExp, start: number) => {
  const before = text.slice(Math.max(0, start - 35), start);
  const cueEnd = [...before.matchAll(new RegExp(cueAt.source, 'giu'))].pop();
  return cueEnd !== undefined && /\d/.test(before.slice(cueEnd.index + cueEnd[0].length));
};

/** A French account number: 11 letters and digits, at least eight of them digits (`0500013M026`). */
const FRENCH_ACCOUNT = /(?<![\p{L}\d])(?=(?:[A-Z]*\d){8})[A-Z0-9]{11}(?![\p{L}\d])/u;

export function findBankAccounts(text: string): Span[] {
  return [...matches(ACCOUNT_DIGITS, text), ...[...matches(FRENCH_ACCOUNT, text)].filter((match) => /[A-Z]/.test(match[0]))]
    .filter((match) => contextAllows(text, match.index, ACCOUNT_CUE, { requireCue: true, veto: NOT_AN_ACCOUNT, window: 35 }))
    .filter((match) => !numberBetween(text, ACCOUNT_CUE, match.index))
    .map((match) => span('bank_account', match.index, match.index + match[0].length));
}

// ---------------------------------------------------------------- dates of birth

const MONTH_NAMES = [
  'jan(?:uary)?', 'feb(?:ruary)?', 'mar(?:ch)?', 'apr(?:il)?', 'may', 'june?', 'july?', 'aug(?:ust)?', 'sep(?:t(?:ember)?)?',
  'oct(?:ober)?', 'nov(?:ember)?', 'dec(?:ember)?', 'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
  'septembre', 'octobre', 'novembre', 'décembre', 'januar', 'jänner', 'februar', 'märz', 'juni', 'juli', 'oktober', 'dezember',
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre',
  'diciembre', 'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre', 'dicembre', 'januari',
  'februari', 'maart', 'mei', 'augustus', 'janeiro', 'fevereiro', 'março', 'maio', 'junho', 'julho', 'setembro', 'outubro',
  'novembro', 'dezembro',
]; // prettier-ignore
const MONTH = `(?:${MONTH_NAMES.join('|')})\\.?`;
const DATE = new RegExp(
  [
    '(?<!\\d)\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})(?!\\d)',
    '(?<!\\d)\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}(?!\\d)',
    `(?<![\\p{L}])${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}(?!\\d)`,
    `(?<!\\d)\\d{1,2}(?:st|nd|rd|th|er|º|°|\\.)?\\s+(?:of\\s+|de\\s+)?${MONTH},?\\s+(?:de\\s+)?\\d{4}(?!\\d)`,
    `(?<![\\p{L}])${MONTH}\\s+(?:of\\s+|de\\s+)?(?:19|20)\\d{2}(?!\\d)`,
  ].join('|'),
  'iu',
);
const BIRTH_CUE = cue([
  'born', 'dob', 'd\\.o\\.b', 'date of birth', 'birth ?date', 'birthday', 'né', 'née', 'né le', 'date de naissance', 'geboren',
  'geburtsdatum', 'geburtstag', 'nacido', 'nacida', 'fecha de nacimiento', 'nato', 'nata', 'data di nascita', 'geboortedatum',
  'nascido', 'nascida', 'data de nascimento', 'janam', 'janm', 'birth', 'nació', 'nasceu', 'nacque', 'geb\\.', 'naissance',
]); // prettier-ignore

/**
 * A birth word said of a thing (`the idea was born on 12 March 2019`, `il progetto è nato il 15/09/2025`, `el
 * proyecto nació el …`), which has no date of birth, in the drafts' languages.
 */
const NOT_A_PERSON_BORN =
  /(?<![\p{L}])(?:idea|product|company|project|platform|concept|startup|business|brand|app|initiative|partnership|programme|program|pilot|team|it|this|that|idée|projet|produit|entreprise|société|marque|programme|partenariat|pilote|projekt|produkt|firma|unternehmen|marke|programm|partnerschaft|idee|proyecto|producto|empresa|marca|programa|iniciativa|piloto|progetto|prodotto|azienda|iniziativa|programma|pilota|idea|product|bedrijf|merk|initiatief|projeto|produto|parceria|iniciativa)\s+(?:(?:was|were|is|got|est|a|fut|ist|wurde|war|es|fue|ha|è|fu|é|foi|werd)\s+)?(?:born|née?s?|geboren|entstanden|nacido|nacida|nació|nato|nata|nacque|nascido|nascida|nasceu)(?:\s+(?:le|il|el|am|on|in|op|em|a|en|nel|nella|im|au|no|na|en el))?(?![\p{L}])|(?<![\p{L}])born-\p{L}|(?<![\p{L}])(?:founded|established|incorporated|launched|gegründet|fondée?|fundad[ao]|fondat[ao]|opgericht)(?![\p{L}])|(?<![\p{L}])(?:company|company's|firm|store|shop|brand|its|our)\s+(?:\d+(?:st|nd|rd|th)\s+)?birthday|(?<![\p{L}])birthday\s+(?:sale|campaign|promo|promotion|offer|discount|deal|edition|special|event)|(?<![\p{L}])birthday\s+(?:of|to)\s+(?:the|our)\s+(?:company|firm|store|shop|brand)|(?<![\p{L}])(?:geburtstag|anniversaire|cumpleaños|compleanno|verjaardag|aniversário)\s+(?:der|des|unserer|unseres|de la|du|de|del|della|dello|van de|van het|da|do)\s+(?:firma|filiale|unternehmens|marke|shops|ladens|boutique|société|marque|entreprise|tienda|empresa|marca|negozio|azienda|winkel|bedrijf|loja)/iu;

/** A birth word right after the date, same sentence (`03/03/1985 as her date of birth`). */
const BIRTH_AFTER = new RegExp(`^[^.!?]{0,20}?${BIRTH_CUE.source}`, 'iu');

/** A year someone who signs up to things could be born in. */
const BIRTH_YEAR = /(?<!\d)(?:19[2-9]\d|200\d|201[0-2])$|(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/;

/**
 * A date after a birth word in its sentence, or before one (`03/03/1985 as her date of birth`), or a date
 * with a birth year in the sentence after the one asking for the birth date (`your DOB? You entered 31.12.1999`).
 */
/** A day and a month without a year (`17 August`, `August 17th`, `17. Juni`), read only after a birthday word. */
const DAY_AND_MONTH = new RegExp(
  `(?<!\\d)\\d{1,2}(?:st|nd|rd|th|er|\\.)?\\s+(?:of\\s+|de\\s+)?${MONTH}(?![\\p{L}]|,?\\s+(?:de\\s+)?\\d)|(?<![\\p{L}])${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?!\\d|,?\\s+\\d)`,
  'iu',
);
const BIRTHDAY_CUE = cue([
  'birthday', 'b-day', 'date of birth', 'dob', 'born on', 'anniversaire', 'né le', 'née le', 'geburtstag', 'geboren am',
  'cumpleaños', 'nacido el', 'nacida el', 'compleanno', 'nato il', 'nata il', 'verjaardag', 'jarig', 'aniversário', 'nascido a',
]); // prettier-ignore

export function findDatesOfBirth(text: string): Span[] {
  const dayAndMonth = [...matches(DAY_AND_MONTH, text)].filter((match) =>
    contextAllows(text, match.index, BIRTHDAY_CUE, { requireCue: true, veto: NOT_A_PERSON_BORN, window: 25 }),
  );
  return (
    [...matches(DATE, text), ...dayAndMonth]
      .filter(
        (match) =>
          contextAllows(text, match.index, BIRTH_CUE, { requireCue: true, veto: NOT_A_PERSON_BORN, window: 60 }) ||
          BIRTH_AFTER.test(text.slice(match.index + match[0].length, match.index + match[0].length + 30)) ||
          (BIRTH_YEAR.test(match[0]) &&
            contextAllows(text, match.index, BIRTH_CUE, { requireCue: true, veto: NOT_A_PERSON_BORN, window: 100, acrossSentences: true })),
      )
      // a full stop after a month written out ends the sentence, not an abbreviation (`Oct.`)
      .map((match) => span('date_of_birth', match.index, match.index + match[0].replace(/(?<=\p{L}{4})\.$/u, '').length))
  );
}

// ---------------------------------------------------------------- passports

const PASSPORT_CUE = cue([
  'passports?', 'passeport', 'reisepass', 'reisepassnummer', 'passnummer', 'pasaporte', 'passaporto', 'paspoort',
  'passaporte', 'pasport', 'passport-?nummer', 'pass-?nr', 'paspoort-?(?:nummer|nr)', 'reisepass-?nr', 'passaporto n',
]); // prettier-ignore
/** An uppercase token of 6-10 letters and digits, at least three of them digits, after a passport word. */
const PASSPORT_NUMBER = /(?<![\p{L}\d-]|\d[ .-])(?=(?:[A-Z]*\d){3})[A-Z0-9]{6,10}(?![\p{L}\d-]|[ .-]\d)/u;
/** The same written in two groups (`5129 83047`, `PAB 765432`), taken only right after the passport word. */
const PASSPORT_NUMBER_GROUPED = /(?<![\p{L}\d-]|\d[ .-])(?:[A-Z]{0,2}\d{2,5} \d{3,6}|[A-Z]{1,3} \d{6,8})(?![\p{L}\d-]|[ .-]\d)/u;

/** Passport numbers after a passport word, in the same sentence (a list of them too: `yours (…) and his (…)`). */
export function findPassports(text: string): Span[] {
  const near = (match: RegExpExecArray, window: number) => contextAllows(text, match.index, PASSPORT_CUE, { requireCue: true, window });
  return [
    ...[...matches(PASSPORT_NUMBER, text)].filter((match) => near(match, 120)),
    ...[...matches(PASSPORT_NUMBER_GROUPED, text)].filter((match) => digitsOf(match[0]).length <= 10 && near(match, 40)),
  ].map((match) => span('passport', match.index, match.index + match[0].length));
}

// ---------------------------------------------------------------- street addresses

const STREET_SUFFIX =
  '(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|alley|crescent|close|plaza|loop|row|trail|gardens|grove|mews|walk|hill|parade|gate|wharf|quay|rise|vale|pike|ridge|park|green|broadway|embankment|market)';
/** Suffixes that are plain nouns, so a lowercase address (`8 ivy lane`) still reads as one. */
const PLAIN_SUFFIX = /^(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln)\.?$/i;
const NAME_WORD = "(?:\\d{1,3}(?:st|nd|rd|th)|\\p{L}[\\p{L}'-]*)";
/** A UK postcode, a US ZIP, or a European postcode, with the city, after the street on the same line. */
const POSTAL_TAIL =
  "(?:(?:,?\\s+(?:apt|apartment|suite|ste|unit|flat|#)\\.?\\s*#?[A-Za-z0-9-]+)?(?:,\\s*\\p{L}[\\p{L}' -]{1,25}?)?,?\\s+(?:[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}|[A-Z]{2} \\d{5}(?:-\\d{4})?)\\b)?";
const ENGLISH_STREET = new RegExp(
  `(?<![\\p{L}\\d])(?:flat \\d+[A-Za-z]?,\\s*)?\\d{1,5}[A-Za-z]?\\s+(?:(?:[NSEW]\\.?|north|south|east|west)\\s+)?(?:${NAME_WORD}\\s+){1,4}${STREET_SUFFIX}\\b(?!-\\p{L})\\.?${POSTAL_TAIL}`,
  'iu',
);
const EUROPEAN_POSTCODE_CITY =
  '(?:,?\\s+(?:\\d+(?:º|°|ª|o|a)?\\s*[A-Za-z]?,\\s*)?\\d{4,5}(?:-\\d{3})?(?:\\s+[A-Z]{2})?\\s+\\p{L}[\\p{L}-]+(?:\\s+\\p{Lu}[\\p{L}-]+)?)?';
/** `14 Rue de Rivoli`, `12 rue de la Paix, 75002 Paris`, `27 Boulevard Haussmann`. */
const FRENCH_STREET = new RegExp(
  `(?<![\\p{L}\\d])\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s+(?:rue|avenue|av\\.|boulevard|bd|place|allée|chemin|impasse|quai|cours|route|square|passage)\\s+(?:(?:de|du|des|de la|d'|l')\\s*)?\\p{L}[\\p{L}'-]*(?:\\s+\\p{Lu}[\\p{L}'-]*){0,3}${EUROPEAN_POSTCODE_CITY}`,
  'iu',
);
/** `Maximilianstraße 35`, `Kurfürstendamm 21`, `Oudegracht 158`, with postcode and city. */
const GERMANIC_STREET = new RegExp(
  `(?<![\\p{L}])\\p{L}[\\p{L}-]*(?:straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|stieg|pfad|zeile|kai|markt|gracht|straat|laan|plein|kade|singel|dijk|gata|gatan|vej|veien)\\s+\\d{1,4}[a-z]?(?![\\d])${EUROPEAN_POSTCODE_CITY}`,
  'u',
);
/** `Calle Mayor 12`, `Avenida Diagonal 640`, `Corso Buenos Aires 33`, `Rua de Santa Catarina 220`. */
const ROMANCE_STREET = new RegExp(
  `(?<![\\p{L}])(?:calle|c/|gran vía|gran via|avenida|avda\\.?|av\\.|paseo|passeig|plaza|plaça|carrer|carretera|camino|ronda|via|viale|corso|piazza|piazzale|largo|vicolo|rua|travessa|praça|alameda|estrada)\\s+(?:(?:de|del|de la|di|della|dei|da|do|dos|das)\\s+)?\\p{Lu}[\\p{L}'-]*(?:\\s+(?:(?:de|del|di|da|do)\\s+)?\\p{Lu}[\\p{L}'-]*){0,3},?\\s+\\d{1,4}(?![\\d])${EUROPEAN_POSTCODE_CITY}`,
  'iu',
);
/** Indian addresses: house and sector or block, city and a six-digit PIN code. */
const INDIAN_ADDRESS =
  /(?<![\p{L}\d])[A-Z]?-?\d{1,4}[A-Z]?,\s*(?:sector|block|phase|plot|road|nagar|colony)\s+\d{1,3}[A-Z]?,\s*\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?,?\s+\d{3} ?\d{3}(?!\d)/iu;
/** `12, MG Road, Pune 411001`, `4/2, Anna Salai, Teynampet, Chennai 600018`: a house number, a road and a PIN. */
const INDIAN_ROAD_ADDRESS =
  /(?<![\p{L}\d])\d{1,4}[A-Z]?(?:\/\d{1,4})?,\s*(?:\p{Lu}[\p{L}.]*\s+){1,3}(?:road|rd|marg|lane|street|nagar|colony|layout|cross|main|salai|path)\.?(?:,\s*\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?){1,2},?\s+\d{3} ?\d{3}(?!\d)/iu;
/**
 * Any street written the continental way with its postcode and city (`Ilica 242, 10000 Zagreb`,
 * `Unter den Linden 77, 10117 Berlin`): the postcode and city make it an address whatever the street's name.
 */
const STREET_NUMBER_POSTCODE_CITY =
  /(?<![\p{L}\d])\p{Lu}[\p{L}'.-]+(?:\s+(?:\p{Lu}[\p{L}'.-]+|de|der|den|des|del|la|le|di|da|do|van|von|op|am|an der)){0,3}\s+\d{1,4}[a-z]?,\s*\d{4,5}\s+\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)?/u;
/** A UK postcode (`EC3A 8BF`, `TN23 1AA`), any case. */
const UK_POSTCODE = '[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}';
/**
 * A UK address whose street has no suffix word or whose house has a name, made an address by the town and
 * postcode after it: `30 St Mary Axe, London EC3A 8BF`, `Rose Cottage, Mill Lane, Ashford TN23 1AA`.
 */
/** The street suffixes as written in a postal line (`Mill Lane`). */
const CAPITALISED_SUFFIX = `(?:${STREET_SUFFIX.slice(3, -1)
  .split('|')
  .map((word) => word[0].toUpperCase() + word.slice(1))
  .join('|')})`;
const CAPITALISED_WORDS = "\\p{Lu}[\\p{L}'.-]*(?:\\s+\\p{Lu}[\\p{L}'.-]*){0,3}";
const TOWN_AND_UK_POSTCODE = `\\p{Lu}[\\p{L}'-]*(?:[ -]\\p{Lu}[\\p{L}'-]*){0,2},?\\s+${UK_POSTCODE}(?![\\p{L}\\d])`;
const UK_LINES_TO_POSTCODE = new RegExp(
  `(?<![\\p{L}\\d])(?:\\d{1,4}[A-Za-z]?\\s+${CAPITALISED_WORDS}|${CAPITALISED_WORDS},\\s*(?:\\d{1,4}[A-Za-z]?\\s+)?(?:\\p{Lu}[\\p{L}'-]*\\s+){1,3}${CAPITALISED_SUFFIX})\\.?,\\s*${TOWN_AND_UK_POSTCODE}`,
  'u',
);
/**
 * An address written as comma-separated parts after a unit or flat number and ending in a postcode (UK, US ZIP
 * with its state, Indian PIN, European): `Unit 7, Riverside Industrial Estate, Hull HU1 2AA`.
 */
const UNIT_ADDRESS_LINES = new RegExp(
  `(?<![\\p{L}\\d])(?:flat|unit|apt|apartment|suite|house|plot|shop|floor)\\.?\\s+#?[A-Za-z]?\\d{1,4}[A-Za-z]?,\\s*(?:\\p{L}[\\p{L}\\d' .-]{1,40}?,\\s*){1,4}(?:\\p{L}[\\p{L}' -]{1,25}?,?\\s+)?(?:[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}|[A-Z]{2} \\d{5}(?:-\\d{4})?|\\d{3} ?\\d{3}|\\d{4,5})(?![\\p{L}\\d])`,
  'iu',
);
/** A post office box in the drafts' languages, with the town and postcode that follow it. */
const PO_BOX = new RegExp(
  `(?<![\\p{L}\\d])(?:p\\.?\\s?o\\.?\\s?box|post office box|postfach|apartado(?: de correos)?|casella postale|boîte postale|postbus|caixa postal)\\s+\\d{1,6}(?:\\s\\d{2,4})?(?:,\\s*\\p{L}[\\p{L}'-]*(?:\\s\\p{Lu}[\\p{L}'-]*){0,2})?(?:,?\\s+(?:[A-Z]{2}\\s+)?\\d{4,5}(?:-\\d{3,4})?(?![\\d]))?`,
  'iu',
);
/** An event, a venue or a programme, not a place to send mail to. */
const NOT_AN_ADDRESS = cue([
  'the',
  'our',
  'a',
  'an',
  'their',
  'webinar',
  'event',
  'conference',
  'summit',
  'breakfast',
  'room',
  'hall',
  'stand',
  'named',
  'called',
  // a numbered part of a text: `chapter 4 Park Lane Strategy`
  'chapter',
  'section',
  'slide',
  'page',
  'step',
  'part',
  'module',
  'lesson',
  'episode',
  'phase',
  'stage',
  'pillar',
  'principle',
  'rule',
  'dubbed',
  'codenamed',
  'nicknamed',
]);

/** What an event has and a street does not: `the agenda for 12 Product Leaders Circle`. */
const EVENT_BEFORE =
  /(?<![\p{L}])(?:agenda|programme|program|schedule|registration|tickets?|invitation|invite|slides|recording|sessions?|keynote|panel|speakers?)\s+(?:for|of|to|from|at)\s+$/iu;

/** What follows such a word when the phrase is a place after all (`… is the workshop venue`). */
const NOT_ITS_PLACE = String.raw`(?!\s+(?:location|venue|address|place|site|lieu|adresse|ort|lugar|luogo|indirizzo|dirección|morada|locatie))`;
/**
 * What the draft says an address-shaped phrase is, after it in its sentence: the name of a session, a track or a
 * campaign (`"12 Growth Loops Boulevard" … is the name of our workshop track`), or not a place.
 */
const NAMED_NOT_A_PLACE_AFTER = new RegExp(
  String.raw`^["”“'’»]?[^.!?;]{0,40}?(?<![\p{L}])(?:is|was|are)\s+(?:just\s+|only\s+)?(?:(?:the|a|an|our|their|your)\s+)?(?:(?:\p{L}+\s+){0,2}(?:name|title|theme|track|session|workshop|campaign|slogan|codename|motto)(?![\p{L}])${NOT_ITS_PLACE}|not\s+(?:a|an)\s+(?:real\s+)?(?:place|address|street))(?![\p{L}])|^["”“'’»]?[^.!?;]{0,60}?(?<![\p{L}])(?:not real|fictional|fictitious|fake|made[- ]up|dummy|placeholder|demo data)(?![\p{L}])`,
  'iu',
);

/** A product, a plan or an event named like a street (`le forfait 12 rue de la Réussite`, `das Paket Sonnenallee 3`). */
const PRODUCT_BEFORE =
  /(?<![\p{L}])(?:plan|package|bundle|tier|offer|edition|campaign|forfait|offre|formule|paket|tarif|angebot|plan|paquete|tarifa|oferta|campaña|piano|pacchetto|offerta|campagna|pacote|plano|pakket|abonnement)\s+["„“«]?$/iu;
/** `… ist unser Premium-Tarif`, `… es el nombre de nuestro evento`: what the sentence says the phrase is. */
const NAMED_A_PRODUCT_AFTER = new RegExp(
  String.raw`^["”“»]?\s+(?:es|è|est|ist|é|is)\s+(?:el|la|il|le|der|die|das|o|a|het|de|the)?\s*(?:nuestro|nuestra|nostro|nostra|notre|unser|unsere|nosso|nossa|onze|ons|our)?\s*(?:(?!(?:on|in|at|for|of|en|à|auf|im|am|sur|dans|su|em|no|na|op|nel|sul)\s)\p{L}+[\s-]+)?(?:nombre|nome|nom|name|naam|plan|piano|plano|offre|offer|oferta|offerta|tarif|tariff|tarifa|tariffario|evento|event|événement|veranstaltung|producto|prodotto|produit|produkt|product|paquete|pacchetto|paket|pacote|forfait|campaña|campagna|campagne|kampagne|premium-tarif)(?![\p{L}])${NOT_ITS_PLACE}`,
  'iu',
);

export function findStreetAddresses(text: string): Span[] {
  const found: Span[] = [];
  const add = (match: RegExpExecArray) => {
    const end = match.index + match[0].replace(/[.,\s]+$/, '').length;
    const after = text.slice(end, end + 80);
    if (NAMED_NOT_A_PLACE_AFTER.test(after) || NAMED_A_PRODUCT_AFTER.test(after)) return;
    if (PRODUCT_BEFORE.test(text.slice(Math.max(0, match.index - 20), match.index))) return;
    found.push(span('street_address', match.index, end));
  };
  for (const match of matches(ENGLISH_STREET, text)) {
    const words = match[0].replace(/^(?:flat \d+[A-Za-z]?,\s*)?\d+[A-Za-z]?\s+/i, '').split(/[\s,]+/);
    const suffixIndex = words.findIndex((word) => new RegExp(`^${STREET_SUFFIX}\\.?$`, 'i').test(word));
    const name = words.slice(0, suffixIndex);
    const capitalised = name.every((word) => /^(?:\p{Lu}|\d|[NSEW]\.?$)/u.test(word));
    // "3 great reasons to drive" is not an address; "8 ivy lane" and "42 elm grove, sheffield s10 2hn" are
    const postcoded = new RegExp(`${POSTAL_TAIL.replace(/\)\?$/, ')')}$`, 'iu').test(match[0]);
    if (!capitalised && !PLAIN_SUFFIX.test(words[suffixIndex]) && !postcoded) continue;
    if (!capitalised && name.length > 2) continue;
    if (!postcoded && /^\d+\s+(?:the|a|an|of|to|and|or|for|in|on|at)\s/i.test(match[0])) continue;
    // `5 Star Way of Working` is a motto, not a street
    if (!postcoded && /^\s+of\s/i.test(text.slice(match.index + match[0].length))) continue;
    const before = text.slice(Math.max(0, match.index - 30), match.index);
    if (new RegExp(`${NOT_AN_ADDRESS.source}\\s*$`, 'iu').test(before) || EVENT_BEFORE.test(before)) continue;
    add(match);
  }
  for (const pattern of [FRENCH_STREET, GERMANIC_STREET, ROMANCE_STREET, INDIAN_ADDRESS, INDIAN_ROAD_ADDRESS, UNIT_ADDRESS_LINES, PO_BOX])
    for (const match of matches(pattern, text)) add(match);
  for (const pattern of [STREET_NUMBER_POSTCODE_CITY, UK_LINES_TO_POSTCODE]) {
    for (const match of matches(pattern, text)) {
      if (!found.some((other) => other.start < match.index + match[0].length && match.index < other.end)) add(match);
    }
  }
  return found;
}
