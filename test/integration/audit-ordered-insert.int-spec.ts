import { Model } from 'mongoose';
import { verifyChain } from '../../apps/audit/src/chain/audit-chain';
import { AuditChainAppender } from '../../apps/audit/src/audit-trail/audit-chain-appender';
import { AuditRecordRepository, ORDERED_INSERT_LIMIT } from '../../apps/audit/src/audit-trail/audit-record.repository';
import {
  AuditChainHeadDocument,
  AuditChainHeadSchema,
  AuditRecordDocument,
  AuditRecordSchema,
  auditRecordOf,
} from '../../apps/audit/src/audit-trail/audit-record.schema';
import { notificationToChain } from '../../apps/audit/src/audit-trail/record-to-chain.fixture';
import { scratchDatabase } from '../support/scratch-database';

/**
 * The audit chain's ordered insert on the real MongoDB-compatible server. FerretDB v1.24 inserts in groups of 100
 * documents and, after refusing one, goes on with the next group although the insert is ordered: a batch of more
 * than 100 records whose second event was chained before then stored records chained after positions that were
 * never written, and the chain forked (seen in `npm run chaos -- --instances 2` after the broker came back).
 */
const scratch = scratchDatabase('ordered', 'audit');
let records: Model<AuditRecordDocument>;
let appender: AuditChainAppender;

beforeAll(async () => {
  records = scratch.connection.model(AuditRecordDocument.name, AuditRecordSchema);
  const heads = scratch.connection.model(AuditChainHeadDocument.name, AuditChainHeadSchema);
  const repository = new AuditRecordRepository(records, heads);
  await repository.onModuleInit();
  appender = new AuditChainAppender(repository);
});

const event = (id: string) => notificationToChain('acme', id, `req-${id}`);

it('stores nothing after the first refused record of a batch larger than one insert group, so the chain stays linear', async () => {
  expect(ORDERED_INSERT_LIMIT).toBe(100);
  await appender.appendBatch([event('first')]);
  // 106 records; the second was chained before (a redelivery), so it is refused at position 3.
  const batch = [event('new-1'), event('first'), ...Array.from({ length: 104 }, (_, index) => event(`new-${index + 2}`))];

  const outcome = await appender.appendBatch(batch);

  expect(outcome.recordedBefore.map(({ event_id }) => event_id)).toEqual(['first']);
  expect(outcome.appended).toHaveLength(105);
  const chain = await records.find({ tenant: 'acme' }, { _id: 0 }).sort({ sequence: 1 }).lean().exec();
  expect(chain.map(({ sequence }) => sequence)).toEqual(Array.from({ length: 106 }, (_, index) => index + 1));
  expect(chain.map(({ event_id }) => event_id)).toEqual(['first', ...Array.from({ length: 105 }, (_, index) => `new-${index + 1}`)]);
  expect(verifyChain('acme', chain.map(auditRecordOf) as never)).toBeUndefined();
});
