// `npm run kafka:provision` (and docker compose's `bus-setup`): the catalog's topics and the services' ACLs, as the
// admin principal, for the deployment's KAFKA_TOPIC_PREFIX. Exit code 1 when it fails.
import 'reflect-metadata';
import { validateEnvironment } from '@followup/config';
import { provisionBus } from './topic-provisioner';

const environment = validateEnvironment(process.env);
provisionBus(environment).then(
  () =>
    process.stdout.write(
      `kafka: topics and ACLs provisioned${environment.KAFKA_TOPIC_PREFIX ? ` under ${environment.KAFKA_TOPIC_PREFIX}` : ''}\n`,
    ),
  (error: unknown) => {
    process.stderr.write(`kafka: provisioning failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
