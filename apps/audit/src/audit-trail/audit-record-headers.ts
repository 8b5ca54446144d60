import { AUDIT_RECORD_HEADERS, AuditRecordedEvent } from '@followup/contracts';

/** Where a published record sorts and whether it is selected, as its message headers carry it. */
export interface AuditRecordPosition {
  tenant: string;
  sequence: number;
  recorded_at: string;
  lead_id?: string;
}

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** The headers a record is published with: its position, and the request id every event carries. */
export function auditHeadersOf(record: AuditRecordedEvent): Record<string, string> {
  const headers: Record<string, string> = {
    [AUDIT_RECORD_HEADERS.tenant]: record.tenant,
    [AUDIT_RECORD_HEADERS.sequence]: String(record.sequence),
    [AUDIT_RECORD_HEADERS.recordedAt]: record.recorded_at,
  };
  if (record.lead_id) headers[AUDIT_RECORD_HEADERS.leadId] = record.lead_id;
  if (record.request_id) headers['x-request-id'] = record.request_id;
  return headers;
}

function text(value: HeaderValue): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined ? undefined : single.toString();
}

/** The position from a message's headers; undefined when any of them is missing or malformed. */
export function auditPositionOf(headers: Record<string, HeaderValue> | undefined): AuditRecordPosition | undefined {
  if (!headers) return undefined;
  const tenant = text(headers[AUDIT_RECORD_HEADERS.tenant]);
  const sequence = Number(text(headers[AUDIT_RECORD_HEADERS.sequence]));
  const recordedAt = text(headers[AUDIT_RECORD_HEADERS.recordedAt]);
  if (!tenant || !Number.isSafeInteger(sequence) || sequence < 1 || !recordedAt) return undefined;
  const leadId = text(headers[AUDIT_RECORD_HEADERS.leadId]);
  return { tenant, sequence, recorded_at: recordedAt, lead_id: leadId };
}
