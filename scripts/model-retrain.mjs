// `npm run model:retrain`: retrains the priority models now (the recommender also does every
// PRIORITY_MODEL_RETRAIN_INTERVAL_MS), with the recommender's own use case on its own database, and prints
// what each scope got: promoted, rejected (the current model did better on the held-out decisions), skipped
// (too few decided-and-settled recommendations) or failed (exit 1; the other scopes are retrained regardless).
// A running recommender picks up a promotion within a minute.
import mongoose from 'mongoose';
import { compiled } from './lib.mjs';

const { validateEnvironment, databaseName } = await compiled('libs/config/src/index.js');
const { RetrainModelsUseCase } = await compiled('apps/recommender/src/models/retrain-models.use-case.js');
const { ModelSnapshotRecord, ModelSnapshotSchema } = await compiled('apps/recommender/src/models/model-snapshot.schema.js');
const { ModelSnapshotRepository } = await compiled('apps/recommender/src/models/model-snapshot.repository.js');
const { RecommendationRecord, RecommendationSchema } = await compiled('apps/recommender/src/recommendations/recommendation.schema.js');
const { RecommendationRepository } = await compiled('apps/recommender/src/recommendations/recommendation.repository.js');
const { ChannelObservationRecord, ChannelObservationSchema } = await compiled(
  'apps/recommender/src/learning/channel-observation.schema.js',
);
const { ChannelObservationRepository } = await compiled('apps/recommender/src/learning/channel-observation.repository.js');

const environment = validateEnvironment(process.env);
const connection = await mongoose
  .createConnection(environment.MONGO_URL, { dbName: databaseName(environment, 'recommender'), serverSelectionTimeoutMS: 5000 })
  .asPromise();
try {
  const retrain = new RetrainModelsUseCase(
    new RecommendationRepository(connection.model(RecommendationRecord.name, RecommendationSchema)),
    new ChannelObservationRepository(connection.model(ChannelObservationRecord.name, ChannelObservationSchema)),
    new ModelSnapshotRepository(connection.model(ModelSnapshotRecord.name, ModelSnapshotSchema)),
  );
  const outcomes = await retrain.execute({ horizonDays: environment.PRIORITY_HORIZON_DAYS, now: new Date() });
  for (const outcome of outcomes) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  if (outcomes.some((outcome) => outcome.result === 'failed')) process.exitCode = 1;
} finally {
  await connection.close();
}
