import { ErrorCode, FollowupError } from '@followup/contracts';

const TRANSIENT_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'PoolClosedError',
  'PublishFailedError',
  'KafkaJSConnectionError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
]);

/**
 * An error that says the infrastructure is out of reach, not that the event is bad: processing must be
 * retried later (the offset stays uncommitted), never dead-lettered. Our own SERVICE_UNAVAILABLE says the same (a
 * record that kept changing under the gateway's version guard, a service that could not be reached).
 */
export function isTransientInfrastructureError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof FollowupError) return error.code === ErrorCode.ServiceUnavailable;
  if (TRANSIENT_ERROR_NAMES.has(error.name)) return true;
  if (error.name === 'MongooseError' && /buffering timed out/.test(error.message)) return true;
  const labels = (error as { errorLabelSet?: Set<string> }).errorLabelSet;
  return labels instanceof Set && (labels.has('RetryableWriteError') || labels.has('ResetPool'));
}
