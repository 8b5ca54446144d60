import { randomUUID } from 'node:crypto';
import { Channel, DraftScreenedEvent, Topics } from '@followup/contracts';
import { createEvent } from '@followup/messaging';
import { eventually, TestStack } from './stack';

export type AttemptSummary = { channel: Channel; status: string; error_code?: string };

/** An approval as delivery receives it: compliance's clear pre-delivery verdict with the text to send. Answers its recommendation id. */
export async function approveForDelivery(stack: TestStack, tenant: string, leadId: string, ranking: Channel[]): Promise<string> {
  const event = createEvent(
    DraftScreenedEvent,
    'compliance',
    { request_id: `req-${randomUUID()}`, tenant, actor: { kind: 'service', id: 'compliance' } },
    {
      recommendation_id: randomUUID(),
      lead_id: leadId,
      stage: 'pre_delivery',
      verdict: 'clear',
      findings: [],
      draft_message: `Hi Sarah, following up (${leadId}).`,
      channel_ranking: ranking.map((channel, index) => ({ channel, response_probability: 0.6 - index * 0.1, consented: true })),
      screened_at: new Date().toISOString(),
    },
  );
  await stack.produceRaw(Topics.DraftScreened, JSON.stringify(event), leadId);
  return event.payload.recommendation_id;
}

/** The recommendation's attempts once the last is final and every event of theirs is out. */
export async function finalAttempts(stack: TestStack, recommendationId: string): Promise<AttemptSummary[]> {
  const attempts = await eventually(async () => {
    const found = (await stack
      .database('delivery')
      .collection('delivery_attempts')
      .find({ recommendation_id: recommendationId })
      .sort({ attempt: 1 })
      .toArray()) as unknown as (AttemptSummary & { final: boolean; outbox: unknown })[];
    return found.at(-1)?.final && found.every((attempt) => !attempt.outbox) ? found : undefined;
  });
  return attempts.map(({ channel, status, error_code }) => ({ channel, status, ...(error_code ? { error_code } : {}) }));
}
