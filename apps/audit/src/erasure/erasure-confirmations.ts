import { validateSync } from 'class-validator';
import { ErasedCount, ErasureCompletedEvent, ERASING_SERVICES, ServiceName, TENANT_PATTERN } from '@followup/contracts';
import { eventInstance, isJsonObject } from '@followup/messaging';

const LEAD_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
export const DEFAULT_ERASURE_TIMEOUT_SECONDS = 60;

export interface ErasureRequest {
  tenant: string;
  leadId: string;
  timeoutMs: number;
}

/** The command line's `--lead <id> --tenant <id> [--timeout-seconds <n>]`, checked; throws with what is wrong. */
export function erasureRequestOf(flags: Record<string, string | boolean | undefined>): ErasureRequest {
  const { lead, tenant } = flags;
  if (typeof lead !== 'string' || !LEAD_ID.test(lead)) throw new Error('--lead <id> is required (letters, digits, . _ : @ -; at most 128)');
  if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant))
    throw new Error('--tenant <id> is required (a tenant id as tokens carry it)');
  const seconds = flags['timeout-seconds'] === undefined ? DEFAULT_ERASURE_TIMEOUT_SECONDS : Number(flags['timeout-seconds']);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600)
    throw new Error('--timeout-seconds must be a whole number from 1 to 3600');
  return { tenant, leadId: lead, timeoutMs: seconds * 1000 };
}

export type ConfirmationOutcome = 'confirmed' | 'repeated' | 'other';

/** Which of the expected services confirmed one erasure, from the messages of the completion topic. */
export class ErasureConfirmations {
  private readonly confirmed = new Map<ServiceName, ErasedCount[]>();

  constructor(
    readonly erasureId: string,
    readonly tenant: string,
    readonly services: readonly ServiceName[] = ERASING_SERVICES,
  ) {}

  /** A completion message's value: counted once per service when it is a valid completion of this erasure. */
  offer(value: unknown): { outcome: ConfirmationOutcome; service?: ServiceName } {
    if (!isJsonObject(value)) return { outcome: 'other' };
    const event = eventInstance(ErasureCompletedEvent, value);
    if (validateSync(event).length > 0) return { outcome: 'other' };
    const { erasure_id, service, erased } = event.payload;
    if (erasure_id !== this.erasureId || event.tenant !== this.tenant || !this.services.includes(service)) return { outcome: 'other' };
    if (this.confirmed.has(service)) return { outcome: 'repeated', service };
    this.confirmed.set(service, erased);
    return { outcome: 'confirmed', service };
  }

  get missing(): ServiceName[] {
    return this.services.filter((service) => !this.confirmed.has(service));
  }

  get complete(): boolean {
    return this.missing.length === 0;
  }

  /** `delivery confirmed (2/5): contacts.first_name 1, call_tasks.talking_points 0` */
  describe(service: ServiceName): string {
    const erased = (this.confirmed.get(service) ?? []).map(({ store, count }) => `${store} ${count}`).join(', ');
    return `${service} confirmed (${this.confirmed.size}/${this.services.length})${erased ? `: ${erased}` : ''}`;
  }
}
