// GSM 03.38: its basic set costs one septet a character, the extension set two; anything else makes it UCS-2.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  units: number;
  segments: number;
  perSegment: number;
}

/** How many SMS segments a text takes: 160/153 GSM-7 septets, or 70/67 UCS-2 code units once a character is outside GSM. */
export function smsLength(text: string): SmsLength {
  let septets = 0;
  for (const character of text) {
    if (GSM_BASIC.includes(character)) septets += 1;
    else if (GSM_EXTENSION.includes(character)) septets += 2;
    else {
      const units = text.length;
      const perSegment = units <= 70 ? 70 : 67;
      return { encoding: 'UCS-2', units, segments: Math.max(1, Math.ceil(units / perSegment)), perSegment };
    }
  }
  const perSegment = septets <= 160 ? 160 : 153;
  return { encoding: 'GSM-7', units: septets, segments: Math.max(1, Math.ceil(septets / perSegment)), perSegment };
}
