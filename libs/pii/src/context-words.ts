/**
 * Words before a number that say what it is. A number-shaped finding is dropped when the nearest such word
 * in its sentence names a business reference (order, ticket, invoice, …) rather than the finding's own kind.
 */

/** Business references in English, French, German, Spanish, Italian, Dutch and Portuguese. */
export const REFERENCE_WORDS = new RegExp(
  [
    'orders?', 'order (?:no|number|id)', 'tickets?', 'invoices?', 'inv', 'ref', 'refs', 'reference', 'sku', 'po', 'purchase order',
    'case(?: number)?', 'tracking', 'serials?', 'sn', 'parts?', 'batch', 'contract(?: number| reference)?', 'meeting id', 'zoom',
    'id', 'licen[cs]e(?: key)?', 'quote', 'build', 'version', 'customer(?: number| id)?', 'account id', 'crm', 'receipt',
    'ean', 'isbn', 'duns', 'vat', 'vat number', 'sort code', 'routing', 'aba', 'blz', 'ifsc', 'bic', 'swift', 'company(?: number)?', 'registration', 'shipment', 'parcel', 'ip', 'refund reference',
    'commande', 'facture', 'référence', 'numéro de commande', 'dossier', 'contrat', 'devis', 'siren', 'siret', 'tva',
    'bestellung', 'bestellnummer', 'rechnung', 'rechnungsnummer', 'auftrag', 'auftragsnummer', 'vertrag', 'vertragsnummer',
    'kundennummer', 'referenz', 'sendung', 'ust-idnr', 'pedido', 'factura', 'referencia', 'contrato', 'albarán', 'presupuesto',
    'ordine', 'fattura', 'riferimento', 'contratto', 'preventivo', 'encomenda', 'fatura', 'referência', 'bestelling', 'factuur',
    'referentie', 'offerte', 'n[°º]',
  ]
    .join('|')
    .replace(/^/, '(?<![\\p{L}\\d])(?:')
    .concat(')(?![\\p{L}\\d])'),
  'iu',
); // prettier-ignore

/** Abbreviations whose dot does not end a sentence. */
const ABBREVIATION_DOTS = /\b(?:no|nr|num|tel|ph|mob|st|dr|mr|mrs|ms|ref|inv|acct|vs|etc|approx)\./gi;

/** The part of `before` that is in the same sentence as what follows it. */
export function sameSentence(before: string): string {
  const masked = before.replace(ABBREVIATION_DOTS, (abbreviation) => abbreviation.replace('.', ' '));
  const breaks = [...masked.matchAll(/[.!?](?:\s|$)|\n/g)];
  const last = breaks[breaks.length - 1];
  return last ? before.slice(last.index + last[0].length) : before;
}

const lastIndexOf = (pattern: RegExp, text: string) => {
  let last = -1;
  for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))) {
    last = match.index + match[0].length;
  }
  return last;
};

/**
 * Whether the words within `window` characters before `start` (same sentence) allow a finding: with
 * `requireCue`, the kind's own cue must be there; a reference word nearer than the cue always vetoes.
 */
export function contextAllows(
  text: string,
  start: number,
  cue: RegExp,
  { window = 40, requireCue = false, veto = REFERENCE_WORDS }: { window?: number; requireCue?: boolean; veto?: RegExp } = {},
): boolean {
  const before = sameSentence(text.slice(Math.max(0, start - window), start));
  const cueAt = lastIndexOf(cue, before);
  const vetoAt = lastIndexOf(veto, before);
  if (requireCue && cueAt < 0) return false;
  return vetoAt < 0 || cueAt >= vetoAt;
}
