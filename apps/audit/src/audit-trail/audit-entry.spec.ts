import { DeadLetterEvent, EventEnvelope, UNATTRIBUTED_TENANT } from '@followup/contracts';
import { actionOf, AuditEntry, auditEntryOf, deadLetterEntryOf, sealedRecordOf } from './audit-entry';
import { digestKeyOwnerOf, DigestKeys } from './text-digest-keys';

/** The bytes 0x00 to 0x1f: the hex key the HMACs below were worked out with, by `openssl dgst -sha256 -mac HMAC -macopt hexkey:…`. */
const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

/** The entry's record as chained, its texts digested under KEY as its owner's key. */
function sealed(entry: AuditEntry) {
  const keys = new DigestKeys();
  keys.set(digestKeyOwnerOf(entry.record), KEY);
  return { record: sealedRecordOf(entry, keys), drafts: entry.drafts };
}

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
    const { record, drafts } = sealed(
      auditEntryOf(
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
      ),
    );
    expect(record).toMatchObject({
      tenant: 'acme',
      action: 'recommendation.generated',
      occurred_at: '2026-04-20T10:00:00.000Z',
      lead_id: 'LD-2048',
      recommendation_id: 'rec-1',
      ai_output: { priority_score: 92, recommended_channel: 'sms', confidence: 'low' },
      ai_service_version: { engine: 'deterministic' },
      draft_kinds: ['result.reasoning_summary', 'generated'],
      record_version: 2,
    });
    expect(record.ai_output).not.toHaveProperty('reasoning_summary');
    expect(record.payload.result).toEqual({
      priority_score: 92,
      recommended_action: 'follow_up',
      recommended_channel: 'sms',
      reasoning_summary: {
        sha256: '0519ba2c70ccb4914695104c93db80ae92f5866279c6a10aec899ad5c0ad0721',
        pii_kinds: [],
        digest: 'hmac-sha256',
      },
      draft_message: { sha256: '0ae8cd25a0b1422e973568c61582ef823d548cf352ae0091ef27965c965dc9b9', pii_kinds: [], digest: 'hmac-sha256' },
      requires_human_approval: true,
    });
    expect(drafts).toEqual([
      { kind: 'result.reasoning_summary', text: 'Replied to SMS.' },
      { kind: 'generated', text: 'Hi Sarah' },
    ]);
    expect(JSON.stringify(record)).not.toMatch(/Sarah|Replied/);
  });

  it("records the rep's decision, reason and edit, with the texts and diff kept apart", () => {
    const { record, drafts } = sealed(
      auditEntryOf(
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
      ),
    );
    expect(record.action).toBe('recommendation.edited_and_approved');
    expect(record.actor).toEqual({ kind: 'user', id: 'rep-17', role: 'sales_rep' });
    expect(record.review).toEqual({ decision: 'edited_and_approved', reviewer_sub: 'rep-17', reviewer_role: 'sales_rep', edited: true });
    expect(drafts.map((draft) => draft.kind)).toEqual(['reviewed', 'original', 'edit_diff']);
    expect(JSON.stringify(record)).not.toContain('Sarah');
  });

  it('keeps a rejection reason with PII apart and chains only its keyed digest and the PII kinds in it', () => {
    const reason = 'Call me on +1 415 555 0123 or write to jo@example.com';
    const { record, drafts } = sealed(
      auditEntryOf(
        'reviewed',
        envelope('recommendation.reviewed', {
          lead_id: 'LD-7',
          decision: 'rejected',
          reviewer: { sub: 'm-1', role: 'sales_manager' },
          rejection_reason: reason,
        }),
      ),
    );
    expect(record.record_version).toBe(2);
    expect(record.review).toEqual({ decision: 'rejected', reviewer_sub: 'm-1', reviewer_role: 'sales_manager', edited: false });
    expect(record.payload.rejection_reason).toEqual({
      sha256: 'b20aa2c525bef104f1c5fd92c687a51afa619c845c5ce2d46afe050d5fa94ab7',
      pii_kinds: ['email', 'phone'],
      digest: 'hmac-sha256',
    });
    expect(record.draft_kinds).toEqual(['rejection_reason']);
    expect(drafts).toEqual([{ kind: 'rejection_reason', text: reason }]);
    expect(JSON.stringify(record)).not.toMatch(/415|555|0123|jo@|example|Call me/);
  });

  it('keeps notification messages and error messages apart too; a record without free text stays version 1', () => {
    const notice = sealed(
      auditEntryOf('n', envelope('notification.requested', { kind: 'low_confidence', lead_id: 'LD-1', message: 'needs data' })),
    );
    expect(notice.record.payload.message).toEqual({
      sha256: 'a1ac1dd903a5a95af1ed65fefec76ef1cb039a1ec4d3305941d7327372d44a9f',
      pii_kinds: [],
      digest: 'hmac-sha256',
    });
    expect(notice.drafts).toEqual([{ kind: 'message', text: 'needs data' }]);
    const failed = sealed(auditEntryOf('f', envelope('recommendation.failed', { lead_id: 'L', error: { code: 'X', message: 'tone' } })));
    expect(failed.drafts).toEqual([{ kind: 'error.message', text: 'tone' }]);
    expect(failed.record.payload.error).toEqual({
      code: 'X',
      message: { sha256: 'ea898ab9e7460adbdf113a41b9dc27681f5baa240f09ef47e4b0b7fe98e0076a', pii_kinds: [], digest: 'hmac-sha256' },
    });
    const attempted = auditEntryOf('d', envelope('delivery.attempted', { lead_id: 'L', outcome: 'delivered' }));
    expect(attempted.record.record_version).toBe(1);
    expect(attempted.drafts).toEqual([]);
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

  it('strips lead names and contacts from a lead upsert, with no digest key (it has no free text)', () => {
    const record = sealedRecordOf(
      auditEntryOf(
        'lead',
        envelope('lead.upserted', {
          lead_id: 'LD-1',
          first_name: 'Sarah',
          last_name: 'Lee',
          contacts: { email: 's@example.com', phone: '+1415' },
        }),
      ),
      new DigestKeys(),
    );
    expect(record.lead_id).toBe('LD-1');
    expect(record.payload).toMatchObject({ first_name: '[pii-removed]', contacts: { email: '[pii-removed]', phone: '[pii-removed]' } });
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
    const { record, drafts } = sealed(
      deadLetterEntryOf('dl', deadLetter(JSON.stringify({ tenant: 'acme', payload: { lead_id: 'LD-1', first_name: 'Sarah' } }))),
    );
    expect(record).toMatchObject({
      tenant: 'acme',
      action: 'dead_letter.validation_failed',
      lead_id: 'LD-1',
      error_code: 'validation_failed',
    });
    expect(record.event_id).toBe('dead-letter:audit:followup.lead.upserted.v1:1:7');
    expect(JSON.stringify(record)).not.toContain('Sarah');
    expect(record.draft_kinds).toEqual(['dead_letter_original']);
    expect(drafts).toHaveLength(1);
  });

  it("digests the raw message of a dead letter naming a recommendation but no lead under the recommendation's key", () => {
    const entry = deadLetterEntryOf('dl', deadLetter(JSON.stringify({ tenant: 'acme', payload: { recommendation_id: 'r-1' } })));
    const keys = new DigestKeys();
    keys.set({ tenant: 'acme', owner: 'recommendation:r-1' }, KEY);
    expect(sealedRecordOf(entry, keys).payload.original_value).toMatchObject({ digest: 'hmac-sha256' });
    const onlyTheTenants = new DigestKeys();
    onlyTheTenants.set({ tenant: 'acme', owner: 'tenant' }, KEY);
    expect(() => sealedRecordOf(entry, onlyTheTenants)).toThrow('no digest key was looked up for acme recommendation:r-1');
  });

  it('files an unparseable message under the unattributed chain', () => {
    expect(deadLetterEntryOf('dl', deadLetter('not json')).record.tenant).toBe(UNATTRIBUTED_TENANT);
    expect(deadLetterEntryOf('dl', deadLetter(JSON.stringify({ tenant: 'bad tenant!' }))).record.tenant).toBe(UNATTRIBUTED_TENANT);
  });
});
