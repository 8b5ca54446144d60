import { dependencyStates } from './health.controller';

describe('dependencyStates', () => {
  it('keeps up or down and turns error text into one word', () => {
    expect(
      dependencyStates({
        mongodb: { status: 'down', message: 'timeout of 3000ms exceeded' },
        kafka: { status: 'down', message: 'Connection error: connect ECONNREFUSED 10.1.2.3:9092 (user svc-kafka)' },
        other: { status: 'down' },
        cache: { status: 'up', brokers: 3 },
      }),
    ).toEqual({
      mongodb: { status: 'down', reason: 'timeout' },
      kafka: { status: 'down', reason: 'unreachable' },
      other: { status: 'down', reason: 'unreachable' },
      cache: { status: 'up' },
    });
  });
});
