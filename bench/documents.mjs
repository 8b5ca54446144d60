// `npm run bench:documents [-- --documents <n>] [--rounds <n>]`
//
// What a stored document costs the database, by its shape. Three documents a recommendation writes, each stored by a
// run of the stack (bench/fixtures), in the shapes they were kept in before and are kept in now, each shape in a
// collection with the indexes its service gives it, alternating the shapes round by round on the same infrastructure:
//   - the recommender's record, inserted three per command as under load: its events, decision inputs and request as
//     nested documents with the reply hours as 2 x 168 counts (before), the events and inputs as JSON text with the
//     hours sparse (b9ed373), and the request as text too without the record's copies of what its generated event
//     explains (ff57b7a; apps/recommender/src/recommendations);
//   - the gateway's record of a recommendation, the answer's update (one command per record, as a lone answer is
//     written): its channel ranking and score factors nested (before) and as JSON text (2796a47);
//   - the audit record of a generated recommendation, inserted three per command: its payload nested (before) and as
//     JSON text (d778f7d; apps/audit/src/audit-trail/audit-record.schema.ts).
// And what the gateway's record costs on its way to the answer, to weigh storing it once answered against today's three
// writes (the pending record's insert, the answer's claim in recommendation_transitions and its update, the case above):
//   - the gateway's record inserted three per command, pending (as now) and answered whole;
//   - the answer's claim (RecommendationVersions), inserted three per command.
// Prints the CPU of FerretDB and PostgreSQL (its backends included) per document for each shape, the median of the
// rounds, and each shape's ratio to the first.
import { randomUUID } from 'node:crypto';
import { BSON, MongoClient } from 'mongodb';
import { compiled, infra, parseFlags, ROOT, say } from '../scripts/lib.mjs';
import { infraPids, machineLine, runId } from './lib/machine.mjs';
import { CpuMeter } from './lib/rss.mjs';
import { benchFixture as fixture } from './lib/fixtures.mjs';
import { median } from './lib/load.mjs';

const flags = parseFlags(process.argv.slice(2));
const DOCUMENTS = Number(flags.documents ?? 300);
const ROUNDS = Number(flags.rounds ?? 3);
const PER_INSERT = 3;

const { sparseReplyHours } = await compiled('apps/recommender/src/models/send-time.js');
const { storedAuditDocument } = await compiled('apps/audit/src/audit-trail/audit-record.schema.js');

const recommenderRecord = fixture('recommendation-record.json');
const asText = ({ topic, event }) => ({ topic, json: JSON.stringify(event) });
const recordedInputs = (inputs) => ({ ...inputs, reply_hours: sparseReplyHours(inputs.reply_hours) });
const outcomeAsText = asText({
  ...recommenderRecord.outcome_event,
  event: {
    ...recommenderRecord.outcome_event.event,
    payload: {
      ...recommenderRecord.outcome_event.event.payload,
      decision_inputs: recordedInputs(recommenderRecord.outcome_event.event.payload.decision_inputs),
    },
  },
});
const eventsAsText = {
  ...recommenderRecord,
  decision_inputs: JSON.stringify(recordedInputs(recommenderRecord.decision_inputs)),
  outcome_event: outcomeAsText,
  notification_events: recommenderRecord.notification_events.map(asText),
};
// the fields the record no longer keeps: its generated event's text holds them
const { channel_ranking, score_factors, priority_explanation, send_time, ...withoutCopies } = eventsAsText;

const DATES = ['pending_since', 'created_at', 'updated_at', 'completed_at', 'lifecycle_updated_at'];
const gatewayRecord = fixture('recommendation-request-record.json');
for (const field of DATES) gatewayRecord[field] = new Date(gatewayRecord[field]);
const ANSWER = ['status', 'result', 'confidence', 'channel_ranking', 'score_factors', 'lifecycle', 'lifecycle_updated_at', 'completed_at'];
const pendingGatewayRecord = Object.fromEntries(Object.entries(gatewayRecord).filter(([field]) => !ANSWER.includes(field)));
const answer = Object.fromEntries(ANSWER.map((field) => [field, gatewayRecord[field]]));

const answeredGatewayRecord = {
  ...gatewayRecord,
  channel_ranking: JSON.stringify(answer.channel_ranking),
  score_factors: JSON.stringify(answer.score_factors),
};
const { tenant, lead_id } = gatewayRecord;
const answerClaim = {
  version: 1,
  tenant,
  lead_id,
  set: BSON.EJSON.stringify({
    ...answer,
    channel_ranking: answeredGatewayRecord.channel_ranking,
    score_factors: answeredGatewayRecord.score_factors,
    outbox: null,
  }),
  unset: [],
  at: new Date(),
};

const auditRecord = fixture('audit-record-generated.json');

// apps/gateway/src/recommendations/recommendation-request.schema.ts
const GATEWAY_RECORD_INDEXES = [
  [{ recommendation_id: 1 }, { unique: true }],
  [{ tenant: 1, created_at: -1 }],
  [{ tenant: 1, lifecycle: 1, created_at: 1 }],
  [{ tenant: 1, lifecycle: 1, 'result.priority_score': -1, created_at: 1, recommendation_id: 1 }],
  [{ tenant: 1, lifecycle: 1, lifecycle_updated_at: -1, recommendation_id: -1 }],
  [{ status: 1, pending_since: 1 }],
  [{ outbox_pending: 1, outbox_at: 1 }],
];

let sequence = 0;
/**
 * Each case's collection has the indexes the service gives it (its schema's, with the GIN companions
 * scripts/infra adds); `fresh` makes a document of a shape unique where those indexes are.
 */
const CASES = [
  {
    title: 'recommender record, inserted three per command',
    // apps/recommender/src/recommendations/recommendation.schema.ts
    indexes: [[{ recommendation_id: 1 }, { unique: true }], [{ tenant: 1, lead_id: 1, created_at: -1 }], [{ status: 1, created_at: -1 }]],
    fresh: () => ({ recommendation_id: randomUUID(), created_at: new Date(), updated_at: new Date() }),
    operation: 'insert',
    shapes: {
      'events, inputs, request as documents (before)': () => recommenderRecord,
      'events, inputs as JSON text, hours sparse (b9ed373)': () => eventsAsText,
      'and the request, no copies of the event (ff57b7a)': () => ({
        ...withoutCopies,
        request_payload: JSON.stringify(withoutCopies.request_payload),
      }),
    },
  },
  {
    title: "gateway's record of a recommendation, the answer's update",
    indexes: GATEWAY_RECORD_INDEXES,
    fresh: () => ({ recommendation_id: randomUUID(), created_at: new Date() }),
    operation: 'update',
    pending: pendingGatewayRecord,
    shapes: {
      'ranking and factors as documents (before)': () => answer,
      'ranking and factors as JSON text (2796a47)': () => ({
        ...answer,
        channel_ranking: JSON.stringify(answer.channel_ranking),
        score_factors: JSON.stringify(answer.score_factors),
      }),
    },
  },
  {
    title: "gateway's record of a recommendation, inserted three per command",
    indexes: GATEWAY_RECORD_INDEXES,
    fresh: () => ({ recommendation_id: randomUUID(), created_at: new Date() }),
    operation: 'insert',
    shapes: {
      'pending, its answer written later (now)': () => ({
        ...pendingGatewayRecord,
        outbox: { topic: 'recommendation.requested', key: lead_id, event_id: randomUUID(), request_id: gatewayRecord.request_id },
        outbox_pending: true,
      }),
      'answered, stored whole once': () => ({ ...answeredGatewayRecord, outbox: null, outbox_pending: false }),
    },
  },
  {
    title: "the answer's claim of the gateway's record (recommendation_transitions), inserted three per command",
    // apps/gateway/src/recommendations/recommendation-transition.schema.ts
    indexes: [[{ recommendation_id: 1, version: 1 }, { unique: true }]],
    fresh: () => ({ recommendation_id: randomUUID() }),
    operation: 'insert',
    shapes: { 'the claim of an answer (now)': () => answerClaim },
  },
  {
    title: 'audit record of a generated recommendation, inserted three per command',
    // apps/audit/src/audit-trail/audit-record.schema.ts
    indexes: [
      [{ event_id: 1 }, { unique: true }],
      [{ tenant: 1, sequence: 1 }, { unique: true }],
      [{ tenant: 1, lead_id: 1, sequence: 1 }],
      [{ tenant: 1, recommendation_id: 1, sequence: 1 }],
      [{ outbox_pending: 1, recorded_at: 1 }],
    ],
    fresh: () => ({ event_id: randomUUID(), sequence: (sequence += 1), recorded_at: new Date().toISOString() }),
    operation: 'insert',
    shapes: {
      'payload as a document (before)': () => auditRecord,
      'payload as JSON text (d778f7d)': () => storedAuditDocument(auditRecord),
    },
  },
];

say(machineLine());
say(`bench:documents: ${DOCUMENTS} documents per shape and round, ${ROUNDS} rounds`);
if (infra('up') !== 0) process.exit(1);
const pids = infraPids(ROOT);
const meter = new CpuMeter({ mongo: pids.mongo, postgres: pids.postgres }, { withChildren: ['postgres'] });
const client = await MongoClient.connect(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017');
const database = client.db(`bench_documents_${runId()}`);

/** The database's CPU ms per document for one round of one shape. */
async function measure(collection, { fresh, operation, pending }, shape) {
  const documents = (count) => Array.from({ length: count }, () => ({ ...shape(), ...fresh() }));
  if (operation === 'insert') {
    meter.begin();
    for (let stored = 0; stored < DOCUMENTS; stored += PER_INSERT) await collection.insertMany(documents(PER_INSERT), { ordered: false });
  } else {
    const stored = Array.from({ length: DOCUMENTS }, () => ({ ...pending, ...fresh() }));
    await collection.insertMany(stored, { ordered: false });
    meter.begin();
    for (const { recommendation_id } of stored) {
      await collection.updateOne({ recommendation_id }, { $set: { ...shape(), updated_at: new Date() } });
    }
  }
  const used = meter.used();
  return (1000 * ((used.mongo ?? 0) + (used.postgres ?? 0))) / DOCUMENTS;
}

const results = [];
try {
  for (const [caseIndex, benchCase] of CASES.entries()) {
    const perDocument = Object.fromEntries(Object.keys(benchCase.shapes).map((shape) => [shape, []]));
    for (const shapeIndex of Object.keys(benchCase.shapes).keys()) {
      for (const [keys, options] of benchCase.indexes)
        await database.collection(`case_${caseIndex}_${shapeIndex}`).createIndex(keys, options);
    }
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const [shapeIndex, [shape, make]] of Object.entries(benchCase.shapes).entries()) {
        perDocument[shape].push(await measure(database.collection(`case_${caseIndex}_${shapeIndex}`), benchCase, make));
      }
    }
    results.push({ title: benchCase.title, perDocument });
  }
} finally {
  await database.dropDatabase();
  await client.close();
}

process.stdout.write('\nFerretDB + PostgreSQL CPU per document (median of the rounds), and the ratio to the first shape\n');
for (const { title, perDocument } of results) {
  process.stdout.write(`${title}\n`);
  const first = median(Object.values(perDocument)[0]);
  for (const [shape, rounds] of Object.entries(perDocument)) {
    const ms = median(rounds);
    process.stdout.write(
      `  ${shape.padEnd(52)} ${ms.toFixed(2)} ms  ${(ms / first).toFixed(2)}×   rounds: ${rounds.map((value) => value.toFixed(2)).join(', ')}\n`,
    );
  }
}
