import mongoose, { Connection, ConnectOptions } from 'mongoose';
import { databaseName, validateEnvironment } from '@followup/config';
import type { ServiceName } from '@followup/contracts';

/**
 * A database of its own on the test server for a test file of one persistence piece (named after `label`, the run's
 * prefix and the time, in `service`'s place): connected before the file's own `beforeAll`, dropped after its tests.
 * `connection` is set once that first `beforeAll` has run.
 */
export function scratchDatabase(label: string, service: ServiceName, options: ConnectOptions = {}): { readonly connection: Connection } {
  const environment = validateEnvironment({
    ...process.env,
    MONGO_DB_PREFIX: `${process.env.MONGO_DB_PREFIX ?? ''}${label}_${Date.now()}_`,
  });
  const scratch = {} as { connection: Connection };
  beforeAll(async () => {
    scratch.connection = await mongoose
      .createConnection(environment.MONGO_URL, { dbName: databaseName(environment, service), ...options })
      .asPromise();
  });
  afterAll(async () => {
    await scratch.connection.dropDatabase();
    await scratch.connection.close();
  });
  return scratch;
}
