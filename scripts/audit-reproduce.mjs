// `npm run audit:reproduce -- <recommendation_id> [--tenant <id>]`
// Runs the engine again on a recorded recommendation and shows the same score, factors, channel and send time, or the
// difference (exit 1). Where the inputs come from, and why:
// - the audit trail's chained records are the reference: the `recommendation.generated` record holds the
//   score, channel, factors, scorer version (naming the model snapshot) and the decision inputs (time, tier
//   outcomes, reply hours, suppressed channels); the `recommendation.requested` record holds the request,
//   except that its free text (recent_activity_summary) is only a digest there (an HMAC-SHA256 under the lead's
//   digest key, kept by the audit service until the lead is erased; a plain SHA-256 in records chained before);
// - so the summary's text comes from the recommender's own stored request and is used only if its digest
//   matches the audit record's (a re-analysis after a rejection has no requested record of its own: its
//   request is the recommender's stored one, said so in the output);
// - the model snapshot comes from the recommender's model_snapshots (the built-in prior needs none).
import mongoose from 'mongoose';
import { compiled, parseFlags } from './lib.mjs';

const flags = parseFlags(process.argv.slice(2));
const recommendationId = process.argv.slice(2).find((arg) => !arg.startsWith('--') && arg !== flags.tenant);
if (!recommendationId) {
  process.stderr.write('usage: npm run audit:reproduce -- <recommendation_id> [--tenant <id>]\n');
  process.exit(2);
}
const { validateEnvironment, databaseName } = await compiled('libs/config/src/index.js');
const { reproduceDecision, decisionDifferences } = await compiled('apps/recommender/src/recommendations/decision-inputs.js');
const { PRIOR_MODEL } = await compiled('apps/recommender/src/models/priority-model.js');
const { isDigestOf, KEYED_DIGEST } = await compiled('apps/audit/src/audit-trail/restricted-texts.js');
const { digestKeyOwnerOf } = await compiled('apps/audit/src/audit-trail/text-digest-keys.js');
const { TEXT_DIGEST_KEYS, auditRecordOf } = await compiled('apps/audit/src/audit-trail/audit-record.schema.js');
const { fromStoredJson } = await compiled('libs/persistence/src/index.js');

const environment = validateEnvironment(process.env);
const client = new mongoose.mongo.MongoClient(environment.MONGO_URL, { serverSelectionTimeoutMS: 5000 });
const say = (line) => process.stdout.write(`${line}\n`);
try {
  await client.connect();
  const recommender = client.db(databaseName(environment, 'recommender'));
  const audit = client.db(databaseName(environment, 'audit'));
  const scope = { recommendation_id: recommendationId, ...(typeof flags.tenant === 'string' ? { tenant: flags.tenant } : {}) };
  const stored = await recommender.collection('recommendations').findOne(scope);
  if (!stored) throw new Error('the recommender has no recommendation with this id');
  const [generated, requested] = await Promise.all(
    ['recommendation.generated', 'recommendation.requested'].map(async (eventType) => {
      const record = await audit
        .collection('audit_records')
        .findOne({ tenant: stored.tenant, recommendation_id: recommendationId, event_type: eventType }, { sort: { sequence: -1 } });
      return record && auditRecordOf(record);
    }),
  );
  if (!generated) throw new Error('the audit trail has no recommendation.generated record for it');
  const inputs = generated.payload.decision_inputs;
  if (!inputs) throw new Error('the audit record predates recorded decision inputs; it cannot be reproduced');

  const request = fromStoredJson(stored.request_payload);
  let input = request.input;
  if (requested) {
    const summaryDigest = requested.payload.input.recent_activity_summary;
    const text = input.recent_activity_summary;
    const keyed = summaryDigest?.digest === KEYED_DIGEST;
    const storedKey = keyed ? await audit.collection(TEXT_DIGEST_KEYS).findOne(digestKeyOwnerOf(requested)) : null;
    if (keyed && !storedKey)
      throw new Error("the lead's digest key was erased: the stored summary cannot be matched to the audit trail's digest");
    const key = storedKey ? Buffer.from(storedKey.key, 'hex') : undefined;
    const matches = summaryDigest && text ? isDigestOf(summaryDigest, text, key) : !summaryDigest && !text;
    if (!matches) throw new Error("the recommender's stored summary does not match the audit trail's digest");
    input = { ...requested.payload.input, recent_activity_summary: text };
    say("request: from the audit trail (the summary text from the recommender, matching the audit trail's digest)");
  } else {
    say("request: the recommender's stored one (no recommendation.requested record: a re-analysis after a rejection)");
  }
  const model =
    inputs.snapshot_id === PRIOR_MODEL.snapshot_id
      ? PRIOR_MODEL
      : (await recommender.collection('model_snapshots').findOne({ snapshot_id: inputs.snapshot_id }))?.model;
  if (!model) throw new Error(`model snapshot ${inputs.snapshot_id} is not stored`);

  const recorded = {
    priority_score: generated.ai_output.priority_score,
    score_factors: generated.payload.score_factors,
    recommended_channel: generated.ai_output.recommended_channel,
    scorer_version: generated.ai_service_version.scorer_version,
    send_time: generated.payload.send_time,
  };
  const reproduced = reproduceDecision(request.lead, input, inputs, model);
  const differences = decisionDifferences(recorded, reproduced);
  say(`recommendation ${recommendationId} (tenant ${stored.tenant}), decided at ${inputs.decided_at} with ${inputs.snapshot_id}`);
  say(`recorded:   priority ${recorded.priority_score}, channel ${recorded.recommended_channel}, ${recorded.scorer_version}`);
  say(`reproduced: priority ${reproduced.priority_score}, channel ${reproduced.recommended_channel}, ${reproduced.scorer_version}`);
  say(
    `factors:    ${Object.entries(reproduced.score_factors)
      .map(([name, value]) => `${name} ${value}`)
      .join(', ')}`,
  );
  if (differences.length === 0) say('same score, factors, channel and send time');
  else for (const difference of differences) say(`DIFFERENT ${difference}`);
  process.exitCode = differences.length === 0 ? 0 : 1;
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
} finally {
  await client.close();
}
