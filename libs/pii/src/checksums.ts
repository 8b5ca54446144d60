/** The check digits and issuer ranges that tell an identifier from a number that merely looks like one. */

export const digitsOf = (value: string) => value.replace(/\D/g, '');

/** Luhn (mod 10): payment cards, Canadian SINs. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** The card networks' issuer ranges (IIN prefixes) and number lengths. */
const CARD_RANGES: { from: number; to: number; lengths: number[] }[] = [
  { from: 4, to: 4, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, lengths: [15] }, // American Express
  { from: 37, to: 37, lengths: [15] },
  { from: 6011, to: 6011, lengths: [16, 17, 18, 19] }, // Discover
  { from: 644, to: 649, lengths: [16, 17, 18, 19] },
  { from: 65, to: 65, lengths: [16, 17, 18, 19] },
  { from: 3528, to: 3589, lengths: [16, 17, 18, 19] }, // JCB
  { from: 300, to: 305, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { from: 36, to: 36, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 38, to: 39, lengths: [16, 17, 18, 19] },
  { from: 62, to: 62, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 2200, to: 2204, lengths: [16, 17, 18, 19] }, // Mir
  { from: 50, to: 50, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 56, to: 58, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { from: 60, to: 60, lengths: [16] }, // RuPay
];

export function inCardIssuerRange(digits: string): boolean {
  return CARD_RANGES.some(({ from, to, lengths }) => {
    const prefix = Number(digits.slice(0, String(from).length));
    return lengths.includes(digits.length) && prefix >= from && prefix <= to;
  });
}

const VERHOEFF_MULTIPLY = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]; // prettier-ignore
const VERHOEFF_PERMUTE = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]; // prettier-ignore

/** Verhoeff: the Indian Aadhaar number. */
export function verhoeffValid(digits: string): boolean {
  let check = 0;
  [...digits].reverse().forEach((digit, index) => {
    check = VERHOEFF_MULTIPLY[check][VERHOEFF_PERMUTE[index % 8][Number(digit)]];
  });
  return check === 0;
}

/** ISO 7064 MOD 11,10: the German Steuerliche Identifikationsnummer (11 digits, the last the check digit). */
export function steuerIdValid(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  let product = 10;
  for (const digit of digits.slice(0, 10)) {
    let sum = (Number(digit) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  return (11 - product) % 10 === Number(digits[10]);
}

/** ICAO 9303 7-3-1 check digit over letters (A=10 … Z=35) and digits: the German Personalausweis number. */
export function icaoCheckValid(value: string): boolean {
  const weights = [7, 3, 1];
  const body = value.slice(0, -1);
  const sum = [...body].reduce((total, char, index) => total + parseInt(char, 36) * weights[index % 3], 0);
  return sum % 10 === Number(value[value.length - 1]);
}

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter): the letter is the number mod 23. */
export function spanishIdValid(value: string): boolean {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  const number = compact.replace(/^[XYZ]/, (letter) => String('XYZ'.indexOf(letter))).slice(0, -1);
  return /^\d{8}$/.test(number) && 'TRWAGMYFPDXBNJZSQVHLCKE'[Number(number) % 23] === compact[compact.length - 1];
}

/** French NIR: 13 characters (Corsica 2A/2B as 19/18) and a key of 97 minus the number mod 97. */
export function frenchNirValid(value: string): boolean {
  const compact = value.replace(/\s/g, '').toUpperCase();
  if (!/^[12]\d{4}(?:\d{2}|2A|2B)\d{8}$/.test(compact)) return false;
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - Number(BigInt(body) % 97n) === Number(compact.slice(13));
}

const FISCAL_ODD: Record<string, number> = Object.fromEntries(
  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23].flatMap((value, index) => [
    [String.fromCharCode(65 + index), value],
    ...(index < 10 ? [[String(index), value]] : []),
  ]),
);

/** Italian codice fiscale: the 16th character checks the first 15 (odd positions by a table, even by value). */
export function codiceFiscaleValid(value: string): boolean {
  const upper = value.toUpperCase();
  let sum = 0;
  for (let index = 0; index < 15; index += 1) {
    const char = upper[index];
    sum += index % 2 === 0 ? FISCAL_ODD[char] : /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === upper[15];
}

/** Dutch BSN: the "11-proef", weights 9…2 and -1. */
export function bsnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const sum = [...digits].reduce((total, digit, index) => total + Number(digit) * (index === 8 ? -1 : 9 - index), 0);
  return sum % 11 === 0 && sum !== 0;
}

/** Portuguese NIF: weights 9…2, check digit 11 minus the sum mod 11 (0 when that is 10 or 11). */
export function portugueseNifValid(digits: string): boolean {
  if (!/^[1-9]\d{8}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 8)].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
  const check = 11 - (sum % 11);
  return (check >= 10 ? 0 : check) === Number(digits[8]);
}

/** Brazilian CPF: two mod-11 check digits. */
export function cpfValid(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1+$/.test(digits)) return false;
  const check = (length: number) => {
    const sum = [...digits.slice(0, length)].reduce((total, digit, index) => total + Number(digit) * (length + 1 - index), 0);
    return ((sum * 10) % 11) % 10;
  };
  return check(9) === Number(digits[9]) && check(10) === Number(digits[10]);
}

/** US SSN: area 001-899 except 666, group 01-99, serial 0001-9999. */
export function ssnValid(digits: string): boolean {
  return /^(?!000|666|9\d\d)\d{3}(?!00)\d{2}(?!0000)\d{4}$/.test(digits);
}

/** US ITIN: area 9, group 50-65, 70-88, 90-92 or 94-99, any serial. */
export function itinValid(digits: string): boolean {
  return /^9\d\d(?:5\d|6[0-5]|7\d|8[0-8]|9[0-2]|9[4-9])\d{4}$/.test(digits);
}
