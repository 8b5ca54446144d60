// `npm run bench:documents [-- --documents <n>] [--rounds <n>]`
//
// What a stored document costs the database, by its shape: a recommender record (bench/fixtures, one stored by an
// integration run) inserted as it was kept before (the outcome and notification events and the decision inputs as
// nested documents, the reply hours as 2 x 168 counts) and as it is kept now (those as their JSON text, the reply
// hours sparse: apps/recommender/src/recommendations), three per insert command as under load, alternating the two
// forms round by round on the same infrastructure. Prints the CPU of FerretDB and PostgreSQL (its backends included)
// per document for each form and the ratio (now ÷ before).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { compiled, infra, parseFlags, ROOT, say } from '../scripts/lib.mjs';
import { infraPids, machineLine, runId } from './lib/machine.mjs';
import { CpuMeter } from './lib/rss.mjs';

const flags = parseFlags(process.argv.slice(2));
const DOCUMENTS = Number(flags.documents ?? 300);
const ROUNDS = Number(flags.rounds ?? 3);
const PER_INSERT = 3;

const { sparseReplyHours } = await compiled('apps/recommender/src/models/send-time.js');
const record = JSON.parse(readFileSync(join(ROOT, 'bench/fixtures/recommendation-record.json'), 'utf8'));
const asText = ({ topic, event }) => ({ topic, json: JSON.stringify(event) });
const recordedInputs = (inputs) => ({ ...inputs, reply_hours: sparseReplyHours(inputs.reply_hours) });
const outcomeNow = {
  ...record.outcome_event,
  event: {
    ...record.outcome_event.event,
    payload: { ...record.outcome_event.event.payload, decision_inputs: recordedInputs(record.outcome_event.event.payload.decision_inputs) },
  },
};
const FORMS = {
  'as documents (before)': () => record,
  'as JSON text, hours sparse (now)': () => ({
    ...record,
    decision_inputs: JSON.stringify(recordedInputs(record.decision_inputs)),
    outcome_event: asText(outcomeNow),
    notification_events: record.notification_events.map(asText),
  }),
};

say(machineLine());
say(`bench:documents: ${DOCUMENTS} recommender records per form and round, ${PER_INSERT} per insert, ${ROUNDS} rounds`);
if (infra('up') !== 0) process.exit(1);
const pids = infraPids(ROOT);
const meter = new CpuMeter({ mongo: pids.mongo, postgres: pids.postgres }, { withChildren: ['postgres'] });
const client = await MongoClient.connect(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017');
const database = client.db(`bench_documents_${runId()}`);
const perDocument = Object.fromEntries(Object.keys(FORMS).map((form) => [form, []]));
try {
  for (const index of Object.keys(FORMS).keys()) {
    const collection = database.collection(`form_${index}`);
    // the recommender's indexes (recommendation.schema.ts)
    await collection.createIndex({ recommendation_id: 1 }, { unique: true });
    await collection.createIndex({ tenant: 1, lead_id: 1, created_at: -1 });
    await collection.createIndex({ status: 1, created_at: -1 });
  }
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const [index, [form, shape]] of Object.entries(FORMS).entries()) {
      const collection = database.collection(`form_${index}`);
      const documents = () =>
        Array.from({ length: PER_INSERT }, () => ({
          ...shape(),
          recommendation_id: randomUUID(),
          created_at: new Date(),
          updated_at: new Date(),
        }));
      meter.begin();
      for (let stored = 0; stored < DOCUMENTS; stored += PER_INSERT) await collection.insertMany(documents(), { ordered: false });
      const used = meter.used();
      perDocument[form].push((1000 * ((used.mongo ?? 0) + (used.postgres ?? 0))) / DOCUMENTS);
    }
  }
} finally {
  await database.dropDatabase();
  await client.close();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const [before, now] = Object.keys(FORMS).map((form) => median(perDocument[form]));
process.stdout.write('\nFerretDB + PostgreSQL CPU per recommender record inserted (median of the rounds)\n');
for (const form of Object.keys(FORMS)) {
  process.stdout.write(
    `  ${form.padEnd(34)} ${median(perDocument[form]).toFixed(2)} ms   rounds: ${perDocument[form].map((ms) => ms.toFixed(2)).join(', ')}\n`,
  );
}
process.stdout.write(`  ratio (now ÷ before)               ${(now / before).toFixed(2)}×\n`);
