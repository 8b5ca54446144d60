import { ChainedRecord } from '../chain/audit-chain';

/** A recommendation's story in the order it happened: by occurrence time, ties in recording order. */
export function timelineOrder<R extends Pick<ChainedRecord, 'occurred_at' | 'sequence'>>(records: R[]): R[] {
  return [...records].sort((a, b) => (a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : a.sequence - b.sequence));
}
