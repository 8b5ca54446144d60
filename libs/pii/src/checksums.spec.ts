import {
  bsnValid,
  codiceFiscaleValid,
  cpfValid,
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

describe('check digits and issuer ranges', () => {
  it.each([
    ['Luhn', luhnValid, '4111111111111111', '4111111111111112'],
    ['card issuer range', inCardIssuerRange, '5527200000000009', '2839104756201938'],
    ['Verhoeff (Aadhaar)', verhoeffValid, '860431277956', '860431277957'],
    ['MOD 11,10 (Steuer-ID)', steuerIdValid, '47150936241', '47150936242'],
    ['7-3-1 (Personalausweis)', icaoCheckValid, 'L01X00T471', 'L01X00T472'],
    ['DNI letter', spanishIdValid, '70315928Y', '70315928Z'],
    ['NIE letter', spanishIdValid, 'Z7720351S', 'Z7720351T'],
    ['NIR key', frenchNirValid, '2 92 01 69 123 045 92', '2 92 01 69 123 045 93'],
    ['codice fiscale', codiceFiscaleValid, 'VRDLCU82A01F205L', 'VRDLCU82A01F205M'],
    ['11-proef (BSN)', bsnValid, '319072642', '319072643'],
    ['NIF', portugueseNifValid, '213940574', '213940575'],
    ['CPF', cpfValid, '39053344705', '39053344706'],
    ['SSN ranges', ssnValid, '287654321', '666201180'],
    ['ITIN ranges', itinValid, '912781234', '912931234'],
  ])('%s', (_, valid, good, bad) => {
    expect((valid as (value: string) => boolean)(good)).toBe(true);
    expect((valid as (value: string) => boolean)(bad)).toBe(false);
  });
});
