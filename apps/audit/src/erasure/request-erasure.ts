import { randomUUID } from 'node:crypto';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { ERASING_SERVICES, ERASURE_REQUESTER, ErasureRequestedEvent, ServiceName, Topics } from '@followup/contracts';
import { busTopic, createEvent, TopicNamespace } from '@followup/messaging';
import { ErasureConfirmations, ErasureRequest } from './erasure-confirmations';

export interface RequestErasureOptions extends ErasureRequest {
  /** The admin (tools) principal's client settings. */
  client: KafkaConfig;
  /** The deployment's topic prefix: names the topics on the bus, and namespaces the throwaway consumer group like every other. */
  namespace: TopicNamespace;
  onProgress?: (line: string) => void;
}

export interface ErasureResult {
  erasure_id: string;
  complete: boolean;
  missing: ServiceName[];
}

/**
 * `npm run audit:erase`: publishes an erasure request as the admin tool and waits until every service
 * confirmed it on the completion topic (read from its beginning with a throwaway group, so a confirmation that
 * arrives before the group has joined is not missed), or until the timeout.
 */
export async function requestErasure(options: RequestErasureOptions): Promise<ErasureResult> {
  const erasureId = randomUUID();
  const confirmations = new ErasureConfirmations(erasureId, options.tenant);
  const progress = options.onProgress ?? (() => undefined);
  const kafka = new Kafka({ ...options.client, logLevel: logLevel.NOTHING });
  const groupId = `${options.namespace.KAFKA_TOPIC_PREFIX}followup-audit-erase-${erasureId}`;
  const consumer = kafka.consumer({ groupId });
  const producer = kafka.producer();
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const timer = setTimeout(settle, options.timeoutMs);
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: busTopic(options.namespace, Topics.ErasureCompleted), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        let value: unknown;
        try {
          value = JSON.parse(message.value?.toString('utf8') ?? '');
        } catch {
          return;
        }
        const offered = confirmations.offer(value);
        if (offered.outcome === 'confirmed') progress(confirmations.describe(offered.service!));
        if (confirmations.complete) settle();
      },
    });
    await producer.connect();
    const request = createEvent(
      ErasureRequestedEvent,
      ERASURE_REQUESTER,
      { request_id: `erasure-${erasureId}`, tenant: options.tenant, actor: { kind: 'user', id: 'audit-erase', role: 'admin' } },
      { erasure_id: erasureId, lead_id: options.leadId, services: [...ERASING_SERVICES], requested_at: new Date().toISOString() },
    );
    await producer.send({
      topic: busTopic(options.namespace, Topics.ErasureRequested),
      messages: [{ key: options.leadId, value: JSON.stringify(request) }],
    });
    progress(
      `erasure ${erasureId} of lead ${options.leadId} (tenant ${options.tenant}) requested; waiting for ${ERASING_SERVICES.join(', ')}`,
    );
    await settled;
  } finally {
    clearTimeout(timer);
    await producer.disconnect();
    await consumer.disconnect();
    await deleteGroup(kafka, groupId);
  }
  return { erasure_id: erasureId, complete: confirmations.complete, missing: confirmations.missing };
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // a group left behind holds no offsets (nothing was committed) and expires with the broker's retention
  } finally {
    await admin.disconnect();
  }
}
