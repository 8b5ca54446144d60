import type { EscalationDto } from './escalation.dto';
import type { EscalationSummary } from './escalation.repository';

const iso = (value: Date | string | undefined) => (value ? new Date(value).toISOString() : undefined);

/** A case as the API shows it: ids, stage, status, kinds and positions, resolution; never the text. */
export function escalationView(record: EscalationSummary): EscalationDto {
  return {
    escalation_id: record.escalation_id,
    recommendation_id: record.recommendation_id,
    lead_id: record.lead_id,
    stage: record.stage,
    status: record.status,
    findings: record.findings.map(({ kind, start, end }) => ({ kind, start, end })),
    raised_at: iso(record.raised_at)!,
    resolution: record.resolution,
    resolution_note: record.resolution_note,
    resolved_by: record.resolved_by,
    resolved_by_role: record.resolved_by_role,
    resolved_at: iso(record.resolved_at),
  };
}
