import { ErrorCode, FollowupError } from '@followup/contracts';
import { isTransientInfrastructureError } from './transient-errors';

const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

describe('isTransientInfrastructureError', () => {
  it('retries outages of MongoDB and Kafka', () => {
    expect(isTransientInfrastructureError(named('MongoServerSelectionError'))).toBe(true);
    expect(isTransientInfrastructureError(named('MongooseError', 'Operation `x.insertOne()` buffering timed out after 10000ms'))).toBe(
      true,
    );
    expect(isTransientInfrastructureError(named('PublishFailedError'))).toBe(true);
  });

  it('retries what our own code calls SERVICE_UNAVAILABLE (a record that kept changing), and no other error of ours', () => {
    expect(isTransientInfrastructureError(new FollowupError(ErrorCode.ServiceUnavailable, 'The recommendation kept changing.'))).toBe(true);
    expect(isTransientInfrastructureError(new FollowupError(ErrorCode.InvalidState, 'not waiting for review'))).toBe(false);
  });

  it('dead-letters everything else', () => {
    expect(isTransientInfrastructureError(new TypeError('bad'))).toBe(false);
    expect(isTransientInfrastructureError(named('MongoServerError'))).toBe(false);
    expect(isTransientInfrastructureError('string')).toBe(false);
  });
});
