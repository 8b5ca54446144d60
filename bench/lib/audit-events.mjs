// Audit records for the replay benchmark, made by the audit service's own compiled code: synthetic workflow
// events (requested → generated → screened per recommendation, round-robin over tenants) go through
// `auditEntryOf` (PII stripped, AI output, draft kinds), `chainRecord` (per-tenant sequence and hash chain)
// and `publicRecord` (the published form), encoded with `canonicalJson` and `auditHeadersOf` as the audit
// service's publisher does, so the topic holds exactly what the audit service publishes.

export async function auditMessageFactory(compiled, { tenants, startedAt }) {
  const { auditEntryOf } = await compiled('apps/audit/src/audit-trail/audit-entry.js');
  const { auditHeadersOf } = await compiled('apps/audit/src/audit-trail/audit-record-headers.js');
  const { chainRecord, publicRecord, EMPTY_CHAIN } = await compiled('apps/audit/src/chain/audit-chain.js');
  const { canonicalJson } = await compiled('libs/config/src/index.js');
  const heads = new Map(tenants.map((tenant) => [tenant, EMPTY_CHAIN]));
  let n = 0;

  const envelope = (tenant, eventType, payload, i) => ({
    event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    event_type: eventType,
    event_version: 1,
    occurred_at: new Date(startedAt + i).toISOString(),
    request_id: `10000000-0000-4000-8000-${String(Math.floor(i / 3)).padStart(12, '0')}`,
    tenant,
    producer: eventType.startsWith('compliance') ? 'compliance' : eventType === 'recommendation.requested' ? 'gateway' : 'recommender',
    actor:
      eventType === 'recommendation.requested' ? { kind: 'user', id: 'rep-17', role: 'sales_rep' } : { kind: 'service', id: 'recommender' },
    payload,
  });

  const eventFor = (i) => {
    const recommendation = Math.floor(i / 3);
    const tenant = tenants[recommendation % tenants.length];
    const recommendationId = `20000000-0000-4000-8000-${String(recommendation).padStart(12, '0')}`;
    const leadId = `LD-${recommendation % 5000}`;
    switch (i % 3) {
      case 0:
        return [
          'followup.recommendation.requested.v1',
          envelope(
            tenant,
            'recommendation.requested',
            {
              recommendation_id: recommendationId,
              lead: {
                lead_id: leadId,
                first_name: 'Sarah',
                account_tier: 'mid-market',
                owner_rep_id: 'rep-17',
                consent: { sms: true, email: true, phone_call: false },
              },
              input: {
                account_tier: 'mid-market',
                last_engagement_date: '2026-11-20',
                engagement_history: [
                  { type: 'email', outcome: 'opened' },
                  { type: 'phone_call', outcome: 'no_response' },
                  { type: 'sms', outcome: 'replied' },
                  { type: 'email', outcome: 'replied' },
                ],
                recent_activity_summary: 'Requested pricing information during product demo.',
              },
              requested_at: new Date(startedAt + i).toISOString(),
            },
            i,
          ),
        ];
      case 1:
        return [
          'followup.recommendation.generated.v1',
          envelope(
            tenant,
            'recommendation.generated',
            {
              recommendation_id: recommendationId,
              lead_id: leadId,
              result: {
                priority_score: 72,
                recommended_action: 'send_sms',
                recommended_channel: 'sms',
                reasoning_summary: 'The lead replied by SMS and opened the last email; pricing interest during the demo.',
                draft_message: 'Hi Sarah, thanks for your pricing questions during the demo. Would a short call this week help?',
                requires_human_approval: true,
              },
              confidence: 'normal',
              channel_ranking: [
                { channel: 'sms', response_probability: 0.41 },
                { channel: 'email', response_probability: 0.33 },
                { channel: 'phone_call', response_probability: 0.12 },
              ],
              ai_service_version: { engine: 'template', model: 'none', prompt_version: 'followup-draft-v1', scorer_version: 'v1' },
            },
            i,
          ),
        ];
      default:
        return [
          'followup.compliance.screened.v1',
          envelope(
            tenant,
            'compliance.screened',
            {
              recommendation_id: recommendationId,
              lead_id: leadId,
              stage: 'generated',
              verdict: 'clean',
              findings: [],
              draft_message: 'Hi Sarah, thanks for your pricing questions during the demo. Would a short call this week help?',
            },
            i,
          ),
        ];
    }
  };

  /** The next audit record as a Kafka message: keyed by tenant, canonical JSON, position headers. */
  return function next() {
    const i = n++;
    const [sourceTopic, event] = eventFor(i);
    const { record } = auditEntryOf(sourceTopic, event);
    const unchained = { ...record, recorded_at: new Date(startedAt + i).toISOString() };
    const chained = chainRecord(unchained, heads.get(event.tenant));
    heads.set(event.tenant, { sequence: chained.sequence, hash: chained.hash });
    return { key: chained.tenant, value: canonicalJson(publicRecord(chained)), headers: auditHeadersOf(chained) };
  };
}
