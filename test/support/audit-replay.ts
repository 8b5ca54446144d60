import { Topics } from '@followup/contracts';
import { busTopic, kafkaClientConfig } from '@followup/messaging';
import { replayAuditTopic, replayFilterOf } from '../../apps/audit/src/replay';
import { TestStack } from './stack';

/** The audit topic replayed as an analyst does (`npm run audit:replay`): the records from `from` to a second from now. */
export function replayAuditSince(stack: TestStack, clientId: string, from: string): ReturnType<typeof replayAuditTopic> {
  return replayAuditTopic({
    client: kafkaClientConfig(stack.environment, 'admin', clientId),
    topic: busTopic(stack.environment, Topics.AuditRecorded),
    groupPrefix: stack.environment.KAFKA_TOPIC_PREFIX,
    filter: replayFilterOf({ from, to: new Date(Date.now() + 1000).toISOString() }),
  });
}
