import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateEnvironment } from './environment';

const ROOT = join(__dirname, '..', '..', '..');

/** What an operator must supply (`${NAME:?…}` in the compose file); everything else takes the file's defaults. */
const OPERATOR_SETTINGS: Record<string, string> = {
  JWT_SECRET: 'compose-test-secret-of-more-than-32-characters',
  REDIS_PASSWORD: 'redis-secret',
  AUDIT_SIGNING_PRIVATE_KEY: 'MC4CAQAwBQYDK2VwBCIEIMeZXuLIEtnuo9L3WS9SfJDKUjCeAp6IniLLxsK8sIjS',
  UNSUBSCRIBE_TOKEN_SECRET: 'compose-test-unsubscribe-secret-of-32-characters',
  ...Object.fromEntries(
    ['ADMIN', 'GATEWAY', 'RECOMMENDER', 'COMPLIANCE', 'DELIVERY', 'AUDIT'].map((principal) => [
      `KAFKA_${principal}_PASSWORD`,
      `${principal}-secret`,
    ]),
  ),
};

/** docker compose's interpolation of `${NAME}`, `${NAME:-default}` and `${NAME:?message}` with the given variables. */
function interpolate(value: string, variables: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, operator: string | undefined, argument: string) => {
    const set = variables[name];
    if (set !== undefined && set !== '') return set;
    if (operator === '?') throw new Error(`${name} must be set: ${argument}`);
    return operator === '-' ? argument : '';
  });
}

/** The `ENV` settings of the Dockerfile's final stage, which every container starts with. */
function imageEnvironment(): Record<string, string> {
  const stages = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split(/^FROM /m);
  const settings: Record<string, string> = {};
  for (const line of stages[stages.length - 1].split('\n').filter((candidate) => candidate.startsWith('ENV '))) {
    for (const [, name, value] of line.slice(4).matchAll(/([A-Z0-9_]+)=(\S+)/g)) {
      if (!value.includes('$')) settings[name] = value;
    }
  }
  return settings;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { build?: unknown; cpu_shares?: number; environment?: Record<string, string | number> }>;
};
const followupServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);

describe('docker-compose.yml', () => {
  it('runs the five services, after the bus setup (topics and ACLs)', () => {
    expect(followupServices.map(([name]) => name).sort()).toEqual([
      'audit',
      'bus-setup',
      'compliance',
      'delivery',
      'gateway',
      'recommender',
    ]);
  });

  it('gives the services no HTTP caller waits on a quarter of the default CPU weight, as their niceness does in one cgroup', () => {
    const weights = Object.fromEntries(followupServices.map(([name, service]) => [name, service.cpu_shares]));
    expect(weights).toEqual({
      gateway: undefined,
      recommender: undefined,
      compliance: 256,
      delivery: 256,
      audit: 256,
      'bus-setup': undefined,
    });
  });

  it.each(followupServices)("%s: its environment passes the service's own validation", (_name, service) => {
    const environment = Object.fromEntries(
      Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(String(value), OPERATOR_SETTINGS)]),
    );
    expect(() => validateEnvironment({ ...imageEnvironment(), ...environment })).not.toThrow();
  });
});
