/**
 * Words before a number that say what it is. A number-shaped finding is dropped when the nearest such word
 * in its sentence names a business reference (order, ticket, invoice, …) rather than the finding's own kind.
 */

/** Business references in English, French, German, Spanish, Italian, Dutch and Portuguese. */
export const REFERENCE_WORDS = new RegExp(
  [
    'orders?', 'order (?:no|number|id)', 'tickets?', 'invoices?', 'inv', 'ref', 'refs', 'reference', 'sku', 'po', 'purchase order',
    'case (?:number|no|id|#)', 'tracking', 'serials?', 'sn', 'parts?', 'batch', 'contract(?: number| reference)?', 'meeting id', 'zoom',
    'id', 'licen[cs]e(?: key)?', 'quote', 'build', 'version', 'customer(?: number| id)?', 'account (?:id|number|no|nr|num)', 'crm (?:id|number|record)', 'receipt',
    'test card', 'sample card', 'dummy card', 'example card', 'testkarte', 'carte de test', 'tarjeta de prueba', 'carta di test',
    'gift card', 'business card', 'loyalty card', 'membership card', 'rate card', 'sim card', 'access card', 'key card',
    'boarding card', 'report card', 'wallet pass', 'voucher', 'coupon', 'promo code', 'code', 'pin', 'passcode', 'ean', 'gtin', 'upc', 'isbn', 'duns', 'awb', 'air waybill', 'container', 'queue',
    'revenue', 'turnover', 'budget', 'price', 'cost', 'costs', 'salary', 'amount', 'total', 'sum', 'arr', 'mrr', 'vat', 'vat number', 'sort code', 'routing', 'aba', 'blz', 'ifsc', 'bic', 'swift', 'company(?: number)?', 'registration', 'shipment', 'parcel', 'ip', 'refund reference',
    'remittance', 'join', 'client (?:id|number|no|code)', 'numéro (?:de )?client', 'code client', 'n° client',
    'número de cliente', 'numero (?:di )?cliente', 'codice cliente', 'id cliente', 'model', 'article', 'item', 'ticketnummer', 'artikelnummer', 'seriennummer', 'vorgangsnummer', 'referenznummer',
    'modellnummer', 'fallnummer', 'kvk(?:-nummer)?', 'btw(?:-nummer)?', 'nipc', 'cif', 'gstin', 'partita iva', 'iva', 'ust-id', 'ein', 'abn',
    'commande', 'facture', 'référence', 'numéro de commande', 'dossier', 'contrat', 'devis', 'siren', 'siret', 'tva',
    'bestellung', 'bestellnummer', 'rechnung', 'rechnungsnummer', 'auftrag', 'auftragsnummer', 'vertrag', 'vertragsnummer',
    'kundennummer', 'referenz', 'sendung', 'ust-idnr', 'pedido', 'factura', 'referencia', 'contrato', 'albarán', 'presupuesto',
    'ordine', 'fattura', 'riferimento', 'contratto', 'preventivo', 'encomenda', 'fatura', 'referência', 'bestelling', 'factuur',
    'referentie', 'offerte',
    // shipments, cases and meetings in the drafts' languages
    '(?:número|código) de seguimiento', 'numéro de suivi', 'suivi de (?:colis|commande|livraison)', 'tracciamento', 'rastreio', 'rastreamento', 'track (?:and|&) trace', 'pratica', 'expediente', 'n[úu]mero del? caso',
    'aktenzeichen', 'identifiant', 'identificador', 'identificativo', 'meeting (?:id|code|number)', 'conference id', 'webinar id',
    'besprechungs-id', 'konferenz-id', 'código', 'codice', 'artigo', 'incident (?:number|no|nr|id|#)', 'incidencia', 'vorgang',
    // bookings, policies, claims and registers, only with the word for their number (`about the booking, call …` names none)
    '(?:confirmation|booking|reservation|policy|claim|subscription|transaction|certificate|permit|membership|loyalty) (?:number|no|nr|id|code|ref|reference|#)',
    '(?:numéro|número|numero|n[°º])\\s+(?:de|di|da|do|del|della|dello)\\s+(?:la\\s+)?(?:réservation|reserva|prenotazione|police|póliza|polizza|apólice|confirmation|confirmación|conferma|confirmação|suivi|seguimiento|pratica|caso|dossier|contrat|contrato|contratto|sinistre|siniestro|sinistro)',
    '(?:bestätigungs|buchungs|reservierungs|policen|versicherungs|mitglieds|boekings|polis|reserverings|lidmaatschaps)(?:nummer|nr)',
    '(?:employee|student|staff|personnel|payroll|badge|member|matriculation) (?:number|no|nr|id|#)', 'personalnummer', 'matrikelnummer',
    'mitarbeiternummer', 'matricule', "numéro d'employé", 'número de empleado', 'matricola', 'personeelsnummer', 'studentnummer',
    '(?:supplier|vendor|creditor|debtor) (?:number|no|nr|id|code|#)', 'lieferantennummer', 'kreditorennummer', 'debitorennummer',
    'leveranciersnummer', 'numéro fournisseur', 'número de proveedor', 'codice fornitore', 'número de fornecedor',
    'asset(?: number| tag| id)?', 'inventory(?: number)?', 'device (?:id|number)', 'equipment(?: number)?', 'prot', 'protocollo',
    'n[º°o]\\.? de socio', 'número de socio', 'adhérent', "numéro d'adhérent", 'localizador', 'tessera(?! sanitaria)',
    'numéro de membre', 'número de miembro', 'lidnummer',
    // German compounds of ID (`Vorgangs-ID`, `Kunden-ID`), not a personal id's
    '(?!(?:steuer|personal|ausweis)-id)\\p{L}+-id',
    // any German or Dutch compound of a number word (`Kd.-Nr.`, `Vertragskontonummer`) but a phone's or a personal id's
    '(?!(?:telefon|handy|ruf|fax|priv[ée]|privat|werk|büro|mobil|mobiel|telefoon|gsm|tel|mob|fon|phone|whatsapp|sms|mobilfunk|festnetz|kontakt|durchwahl|steuer|steuer-id|ausweis|personalausweis|pass|reisepass|versicherten|sozialversicherungs|burgerservice|sofi|identifikations|konto|rekening|paspoort|bsn|kreditkarten|karten|kaart)\\.?-?(?:nummer|nr))\\p{L}+\\.?-?(?:nummer|nr)\\.?',
    'companies house', 'company registration', 'handelsregister', 'hrb', 'registro mercantil', 'rcs', 'crn',
    // Dutch and German compounds: `factuurnummer`, `Angebotsnr`
    '(?:factuur|klant|bestel|order|referentie|dossier|offerte|zaak|contract|lieferschein|angebots?|beleg|projekt|project|kunden|rechnungs|auftrags|bestell|vertrags|serien|vorgangs|referenz|modell|fall|artikel|ticket|sendungs|teile|volg|zending|verzend)(?:nummer|nr)',
  ]
    .sort((a, b) => b.length - a.length) // the longest alternative first: `vat number` before `vat`
    .join('|')
    .replace(/^/, '(?<![\\p{L}\\d])(?:')
    // `DUNS number` is one reference word, so the phone word `number` inside it does not count, nor in
    // `ticket queue number` (one word between, unless it makes it a phone's: `order phone number`)
    .concat(
      ')(?:\\s+(?:(?!(?:phone|mobile|cell|telephone|contact|fax|whatsapp|home|work|office|direct)(?![\\p{L}]))\\p{L}+\\s+)?(?:number|no|nr|id|code|nummer|numéro|número|numero|n[°º]))?(?![\\p{L}\\d])',
      // a document or a place in a tool named after the reference is not its number: `the order form … has 4370…`
      '(?!\\s+(?:form|forms|field|box|page|portal|template|system|tool|desk|process|history)(?![\\p{L}]))',
    ),
  'iu',
); // prettier-ignore

/** Abbreviations whose dot does not end a sentence. */
const ABBREVIATION_DOTS =
  /(?:\b(?:n|no|nr|idnr|num|núm|tel|tél|ph|mob|st|str|dr|mr|mrs|ms|ref|inv|acct|vs|etc|approx|ca|bzw|inkl|zzgl|vgl|geb|prot|rif|art|kd|best|rg|lief|auftr)|\p{L}+nr)\./giu;

/** The part of `before` that is in the same sentence as what follows it. */
export function sameSentence(before: string): string {
  const masked = before.replace(ABBREVIATION_DOTS, (abbreviation) => abbreviation.replace('.', ' '));
  const breaks = [...masked.matchAll(/[.!?](?:\s|$)|\n/g)];
  const last = breaks[breaks.length - 1];
  return last ? before.slice(last.index + last[0].length) : before;
}

/** Where the last match ends, and how long it is. */
function lastMatch(pattern: RegExp, text: string): { end: number; length: number } {
  let last = { end: -1, length: 0 };
  for (const match of text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))) {
    last = { end: match.index + match[0].length, length: match[0].length };
  }
  return last;
}

/**
 * Whether the words within `window` characters before `start` (same sentence) allow a finding: with
 * `requireCue`, the kind's own cue must be there; a reference word nearer than the cue vetoes (of two ending
 * together, the longer wins: `national id` over `id`, `gift card` over `card`). `acrossSentences` reads the
 * whole window, for a value given in the sentence after the one that asks for it.
 */
export function contextAllows(
  text: string,
  start: number,
  cue: RegExp,
  {
    window = 40,
    requireCue = false,
    veto = REFERENCE_WORDS,
    acrossSentences = false,
  }: { window?: number; requireCue?: boolean; veto?: RegExp; acrossSentences?: boolean } = {},
): boolean {
  const preceding = text.slice(Math.max(0, start - window), start);
  const before = acrossSentences ? preceding : sameSentence(preceding);
  const cueAt = lastMatch(cue, before);
  const vetoAt = lastMatch(veto, before);
  if (requireCue && cueAt.end < 0) return false;
  return vetoAt.end < 0 || cueAt.end > vetoAt.end || (cueAt.end === vetoAt.end && cueAt.length >= vetoAt.length);
}

/**
 * `4012 8888 8888 1881 is the reference on the statement`, `121042882 in the spreadsheet is the bank's routing
 * number`: the words after a number (a few, within its clause) say what it is.
 */
const NAMED_AFTER = new RegExp(
  `^\\)?,?(?:\\s+[\\p{L}'’]+){0,4}?\\s+(?:is|was|are|as|=)\\s+(?:(?:the|our|your|its|my|a)\\s+)?(?:\\p{L}+['’]s\\s+)?${REFERENCE_WORDS.source.replace(/^\(\?<!\[\\p\{L\}\\d\]\)/, '')}`,
  'iu',
);

export function namedAsReferenceAfter(text: string, end: number): boolean {
  return NAMED_AFTER.test(text.slice(end, end + 60));
}
