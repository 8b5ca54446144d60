/** The gateway's error body: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Calls the gateway (same origin) with the signed-in user's token; `onUnauthorized` ends the session on a 401. */
export function createApi(token: string, onUnauthorized: () => void): Api {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) onUnauthorized();
    if (response.status === 204) return undefined as T;
    const payload = await response.json().catch(() => undefined);
    if (!response.ok) {
      throw new ApiError(response.status, payload?.error?.code ?? 'UNKNOWN', payload?.error?.message ?? `HTTP ${response.status}`);
    }
    return payload as T;
  };
}

export function query(parameters: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The largest page a cursor-paged list of the API gives (MAX_PAGE_SIZE in libs/http). */
const MAX_PAGE_SIZE = 100;
/** The most items a screen gathers from one list: all of a working list, and a bound on what the browser holds. */
export const LIST_CAP = 1000;

/** A list's items gathered page by page; `capped` when the list goes on past them. */
export interface Gathered<T> {
  items: T[];
  capped: boolean;
}

/** A cursor-paged list in its order, following next_cursor from the first page until it ends or `cap` items are in. */
export async function gatherPages<T>(
  api: Api,
  path: string,
  parameters: Record<string, string | number | boolean | undefined>,
  cap = LIST_CAP,
): Promise<Gathered<T>> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<Page<T>>(
      'GET',
      `${path}${query({ ...parameters, limit: Math.min(MAX_PAGE_SIZE, cap - items.length), cursor })}`,
    );
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && items.length < cap);
  return { items, capped: cursor !== undefined };
}

/**
 * How often to poll a gathered list: every `everyMs` while it is one page, and that much longer per further page,
 * since each page is a request and the gateway's rate limit counts them (RATE_LIMIT_MAX_REQUESTS a minute per user):
 * a list of 1,000 polled every 3 s would ask 200 times a minute, paced it asks 20.
 */
export function pacedPolling<T>(everyMs: number): (query: { state: { data?: Gathered<T> } }) => number {
  return (query) => everyMs * Math.max(1, Math.ceil((query.state.data?.items.length ?? 0) / MAX_PAGE_SIZE));
}

/**
 * A read of something another service records from the bus, `missing` while it has not (a 404): the screen then
 * goes on asking (backedOffRead) and says so when it stops, instead of showing the 404 as an error.
 */
export async function readOrMissing<T>(read: () => Promise<T>, missing: T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return missing;
    throw error;
  }
}

/**
 * When to read again something another service has not recorded yet, after `reads` reads: 1 s after the first,
 * twice as long after each next one, and no more once the wait would pass 30 s (it may never come: an erased lead's
 * draft; and every read counts against the user's rate limit).
 */
export function backedOffRead(reads: number): number | false {
  const wait = 1000 * 2 ** (reads - 1);
  return wait > 30_000 ? false : wait;
}

export interface RecommendationResult {
  priority_score: number;
  recommended_action: string;
  recommended_channel: string;
  reasoning_summary: string;
  draft_message: string;
  requires_human_approval: boolean;
}

export interface Finding {
  kind: string;
  start: number;
  end: number;
}

export interface QueueItem {
  recommendation_id: string;
  lead_id: string;
  result?: RecommendationResult;
  confidence?: 'normal' | 'low';
  created_at: string;
  lifecycle?: string;
  lifecycle_updated_at?: string;
  /** The priority score's signed contributions by factor. */
  score_factors?: Record<string, number>;
  channel_ranking?: { channel: string; response_probability: number; consented: boolean }[];
  review?: { decision: string; reviewed_by: string; draft_message?: string; rejection_reason?: string };
  compliance?: { generated?: { verdict: string; findings: Finding[] }; pre_delivery?: { verdict: string; findings: Finding[] } };
  delivery?: { attempt: number; channel: string; outcome: string; final: boolean; attempted_at: string };
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Lead {
  lead_id: string;
  first_name: string;
  last_name: string;
  account_tier: string;
  owner_rep_id: string;
}

export interface ManualQueueItem {
  recommendation_id: string;
  lead_id: string;
  error: { code: string; message: string };
  attempt: number;
  claimed_by?: string;
  requested_at: string;
}

export interface Escalation {
  escalation_id: string;
  recommendation_id: string;
  lead_id: string;
  stage: string;
  status: string;
  findings: Finding[];
  raised_at: string;
  resolution?: string;
  resolution_note?: string;
  resolved_by?: string;
  resolved_at?: string;
}

export interface AuditRecord {
  sequence: number;
  event_id: string;
  event_type: string;
  action: string;
  occurred_at: string;
  lead_id?: string;
  recommendation_id?: string;
  actor: { kind: string; id: string; role?: string | null };
  hash: string;
  previous_hash: string;
}

export interface ChainVerification {
  tenant: string;
  records: number;
  intact: boolean;
  first_break?: { sequence: number; kind: string; expected: string; actual: string };
  checkpoints: number;
  signed_up_to?: number;
  verified_at: string;
}

export interface Checkpoint {
  sequence: number;
  head_hash: string;
  signed_at: string;
  key_id: string;
  record_sequence: number;
}
