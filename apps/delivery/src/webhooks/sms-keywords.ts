/** The industry-standard words (CTIA, as Twilio honours them) that opt a number out of texts. */
export const STANDARD_OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
/** The words that opt a number back in. */
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;

export type KeywordIntent = 'opt_out' | 'opt_in';

/** The message as one upper-case word: surrounding whitespace and a trailing full stop or exclamation mark ignored. */
export function keywordOf(body: string): string {
  return body
    .trim()
    .replace(/[.!]+$/, '')
    .trim()
    .toUpperCase();
}

/** What an inbound text asks for: the whole message must be one keyword (standard, or the tenant's own opt-out words). */
export function keywordIntent(body: string, extraOptOutKeywords: readonly string[] = []): KeywordIntent | undefined {
  const word = keywordOf(body);
  if (word === '') return undefined;
  if ((STANDARD_OPT_OUT_KEYWORDS as readonly string[]).includes(word) || extraOptOutKeywords.includes(word)) return 'opt_out';
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return 'opt_in';
  return undefined;
}

/** `tenant=value,tenant=value` settings, each pair kept; entries without a tenant or a value are dropped. */
function pairs(setting: string): [string, string][] {
  return setting
    .split(',')
    .map((entry) => entry.split('='))
    .filter((parts) => parts.length === 2 && parts[0].trim() !== '' && parts[1].trim() !== '')
    .map(([tenant, value]) => [tenant.trim(), value.trim()]);
}

/** SMS_INBOUND_NUMBERS: the tenants each receiving number (as written, E.164) serves. */
export function tenantsByNumber(setting: string): Map<string, string[]> {
  const byNumber = new Map<string, string[]>();
  for (const [tenant, number] of pairs(setting)) byNumber.set(number, [...new Set([...(byNumber.get(number) ?? []), tenant])]);
  return byNumber;
}

/** SMS_EXTRA_OPT_OUT_KEYWORDS: each tenant's own opt-out words (`tenant=ARRET|STOPP`), upper-cased. */
export function extraOptOutKeywords(setting: string): Map<string, string[]> {
  const byTenant = new Map<string, string[]>();
  for (const [tenant, words] of pairs(setting)) {
    const list = words
      .split('|')
      .map(keywordOf)
      .filter((word) => word !== '');
    byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), ...list]);
  }
  return byTenant;
}
