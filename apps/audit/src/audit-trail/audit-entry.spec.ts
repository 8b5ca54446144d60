import { DeadLetterEvent, EventEnvelope, UNATTRIBUTED_TENANT } from '@followup/contracts';
import { actionOf, auditEntryOf, deadLetterEntryOf } from './audit-entry';

function envelope(eventType: string, payload: object): EventEnvelope<object> {
  return {
    event_id: '1b7a0c5e-7c7c-4a57-9d3e-0b6f1c6e2a11',
    event_type: eventType,
    event_version: 1,
    occurred_at: '2026-04-20T10:00:00Z',
    request_id: 'req-1',
    tenant: 'acme',
    producer: 'gateway',
    actor: { kind: 'user', id: 'rep-17', role: 'sales_rep' },
    payload,
  };
}

describe('auditEntryOf', () => {
  it('keeps the AI output and version of a generated recommendation and puts the draft apart', () => {
    const { record, drafts } = auditEntryOf(
      'followup.recommendation.generated.v1',
      envelope('recommendation.generated', {
        recommendation_id: 'rec-1',
        lead_id: 'LD-2048',
        result: {
          priority_score: 92,
          recommended_action: 'follow_up',
          recommended_channel: 'sms',
          reasoning_summary: 'Replied to SMS.',
          draft_message: 'Hi Sarah',
          requires_human_approval: true,
        },
        confidence: 'low',
        ai_service_version: { engine: 'deterministic', model: 'none', prompt_version: 'p1', scorer_version: 's1' },
      }),
    );
    expect(record).toMatchObject({
      tenant: 'acme',
      action: 'recommendation.generated',
      occurred_at: '2026-04-20T10:00:00.000Z',
      lead_id: 'LD-2048',
      recommendation_id: 'rec-1',
      ai_output: { priority_score: 92, recommended_channel: 'sms', reasoning_summary: 'Replied to SMS.', confidence: 'low' },
      ai_service_version: { engine: 'deterministic' },
      draft_kinds: ['generated'],
    });
    expect(drafts).toEqual([{ kind: 'generated', text: 'Hi Sarah' }]);
    expect(JSON.stringify(record)).not.toContain('Sarah');
  });

  it("records the rep's decision, reason and edit, with the texts and diff kept apart", () => {
    const { record, drafts } = auditEntryOf(
      'reviewed',
      envelope('recommendation.reviewed', {
        recommendation_id: 'rec-1',
        lead_id: 'LD-2048',
        decision: 'edited_and_approved',
        reviewer: { sub: 'rep-17', role: 'sales_rep' },
        draft_message: 'Hi Sarah, new',
        original_draft: 'Hi Sarah',
        edit_diff: '- Hi Sarah\n+ Hi Sarah, new',
      }),
    );
    expect(record.action).toBe('recommendation.edited_and_approved');
    expect(record.actor).toEqual({ kind: 'user', id: 'rep-17', role: 'sales_rep' });
    expect(record.review).toEqual({ decision: 'edited_and_approved', reviewer_sub: 'rep-17', reviewer_role: 'sales_rep', edited: true });
    expect(drafts.map((draft) => draft.kind)).toEqual(['reviewed', 'original', 'edit_diff']);
    expect(JSON.stringify(record)).not.toContain('Sarah');

    const rejected = auditEntryOf(
      'reviewed',
      envelope('recommendation.reviewed', {
        decision: 'rejected',
        reviewer: { sub: 'm-1', role: 'sales_manager' },
        rejection_reason: 'tone',
      }),
    );
    expect(rejected.record.review).toMatchObject({ decision: 'rejected', rejection_reason: 'tone', edited: false });
  });

  it('names actions by outcome and keeps error codes', () => {
    expect(actionOf('compliance.screened', { stage: 'pre_delivery', verdict: 'blocked' })).toBe('compliance.pre_delivery.blocked');
    expect(actionOf('delivery.attempted', { outcome: 'failed' })).toBe('delivery.failed');
    expect(actionOf('notification.requested', { kind: 'low_confidence' })).toBe('notification.low_confidence');
    expect(actionOf('lead.upserted', {})).toBe('lead.upserted');
    const failed = auditEntryOf(
      'failed',
      envelope('recommendation.failed', { recommendation_id: 'r', lead_id: 'L', error: { code: 'AI_SERVICE_UNAVAILABLE' } }),
    );
    expect(failed.record.error_code).toBe('AI_SERVICE_UNAVAILABLE');
    const delivery = auditEntryOf('d', envelope('delivery.attempted', { outcome: 'failed', error_code: 'SMTP_TIMEOUT' }));
    expect(delivery.record.error_code).toBe('SMTP_TIMEOUT');
  });

  it('strips lead names and contacts from a lead upsert', () => {
    const { record } = auditEntryOf(
      'lead',
      envelope('lead.upserted', {
        lead_id: 'LD-1',
        first_name: 'Sarah',
        last_name: 'Lee',
        contacts: { email: 's@example.com', phone: '+1415' },
      }),
    );
    expect(record.lead_id).toBe('LD-1');
    expect(JSON.stringify(record)).not.toMatch(/Sarah|Lee|example|\+1415/);
  });
});

describe('deadLetterEntryOf', () => {
  const deadLetter = (original: string): DeadLetterEvent => ({
    consumer: 'audit',
    source_topic: 'followup.lead.upserted.v1',
    source_partition: 1,
    source_offset: '7',
    reason: 'validation_failed',
    problems: ['payload.first_name: isNotEmpty'],
    request_id: 'req-9',
    original_value: original,
    dead_lettered_at: '2026-04-20T10:00:00.000Z',
  });

  it("attributes a dead letter to the failed message's tenant and keeps the raw message only apart", () => {
    const { record, drafts } = deadLetterEntryOf(
      'dl',
      deadLetter(JSON.stringify({ tenant: 'acme', payload: { lead_id: 'LD-1', first_name: 'Sarah' } })),
    );
    expect(record).toMatchObject({
      tenant: 'acme',
      action: 'dead_letter.validation_failed',
      lead_id: 'LD-1',
      error_code: 'validation_failed',
    });
    expect(record.event_id).toBe('dead-letter:audit:followup.lead.upserted.v1:1:7');
    expect(JSON.stringify(record)).not.toContain('Sarah');
    expect(drafts).toHaveLength(1);
  });

  it('files an unparseable message under the unattributed chain', () => {
    expect(deadLetterEntryOf('dl', deadLetter('not json')).record.tenant).toBe(UNATTRIBUTED_TENANT);
    expect(deadLetterEntryOf('dl', deadLetter(JSON.stringify({ tenant: 'bad tenant!' }))).record.tenant).toBe(UNATTRIBUTED_TENANT);
  });
});
