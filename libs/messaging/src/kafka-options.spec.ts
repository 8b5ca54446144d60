import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidEnvironmentError, validateEnvironment } from '@followup/config';
import { FetchPacing, kafkaClientConfig, kafkaConsumerServer, kafkaSasl } from './kafka-options';

describe('kafkaSasl', () => {
  it('gives each principal its own development credentials where development defaults are allowed', () => {
    const environment = validateEnvironment({ NODE_ENV: 'test' });
    expect(kafkaSasl(environment, 'gateway')).toEqual({
      mechanism: 'scram-sha-512',
      username: 'followup-gateway',
      password: 'followup-gateway-development-password',
    });
    expect(kafkaSasl(environment, 'admin')).toEqual({
      mechanism: 'scram-sha-512',
      username: 'followup-admin',
      password: 'followup-admin-development-password',
    });
  });

  it('refuses the development credentials elsewhere, and takes the configured ones anywhere', () => {
    expect(() => kafkaSasl(validateEnvironment({ NODE_ENV: 'production' }), 'delivery')).toThrow(InvalidEnvironmentError);
    expect(() => kafkaSasl(validateEnvironment({ NODE_ENV: 'development', HOST: '0.0.0.0' }), 'delivery')).toThrow(InvalidEnvironmentError);
    const configured = validateEnvironment({
      NODE_ENV: 'production',
      KAFKA_SASL_USERNAME: 'delivery-prod',
      KAFKA_SASL_PASSWORD: 's3cret',
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
    });
    expect(kafkaSasl(configured, 'delivery')).toEqual({ mechanism: 'scram-sha-256', username: 'delivery-prod', password: 's3cret' });
  });

  it('turns TLS on with KAFKA_SSL, or with KAFKA_SSL_CA_FILE, whose certificate it then trusts', () => {
    expect(kafkaClientConfig(validateEnvironment({ NODE_ENV: 'test', KAFKA_SSL: 'true' }), 'audit', 'x').ssl).toBe(true);
    expect(kafkaClientConfig(validateEnvironment({ NODE_ENV: 'test' }), 'audit', 'x').ssl).toBe(false);
    const caFile = join(mkdtempSync(join(tmpdir(), 'kafka-ca-')), 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(kafkaClientConfig(validateEnvironment({ NODE_ENV: 'test', KAFKA_SSL_CA_FILE: caFile }), 'audit', 'x').ssl).toEqual({
      ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'],
    });
  });
});

describe('kafkaConsumerServer', () => {
  const runOf = (pacing: FetchPacing) =>
    (
      kafkaConsumerServer(validateEnvironment({ NODE_ENV: 'test' }), 'compliance', pacing).strategy as unknown as {
        options: { run: object };
      }
    ).options.run;

  it('asks kafkajs to fetch from a broker at most every 250 ms when batched, and as soon as a fetch is handled at once', () => {
    expect(runOf('batched')).toEqual({ partitionsConsumedConcurrently: 3, autoCommitInterval: 500, minFetchInterval: 250 });
    expect(runOf('at_once')).toEqual({ partitionsConsumedConcurrently: 3, autoCommitInterval: 500 });
  });

  it('asks kafkajs to fetch from a broker at most once a second in the background', () => {
    expect(runOf('background')).toEqual({ partitionsConsumedConcurrently: 3, autoCommitInterval: 500, minFetchInterval: 1000 });
  });
});
