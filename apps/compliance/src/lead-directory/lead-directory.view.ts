import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment, getOrCreate } from '@followup/config';
import { ERASED_VERSION, ErasureRequestedEvent, EventEnvelope, LeadUpsertedEvent, Topics } from '@followup/contracts';
import { consumerGroupId, topicGroupId, EventFedView } from '@followup/messaging';
import type { DirectoryPerson } from '@followup/pii';
import { DirectoryCandidates, directoryEntryOf, LeadDirectoryIndex } from './lead-directory-index';
import { LeadDirectoryRepository } from './lead-directory.repository';

type TenantDirectories = Map<string, LeadDirectoryIndex>;

/**
 * The lead directory of every tenant in this instance's memory, fed by `lead.upserted` (each event carries the lead's
 * whole state and version) and `erasure.requested` (the lead leaves the view), so a screening looks its draft up
 * without a query; while the view is not live, or has not fetched for VIEW_MAX_SILENCE_MS (its own consumer stalled
 * while compliance's durable group may go on writing the collection), the directory's collection answers.
 */
@Injectable()
export class LeadDirectoryView extends EventFedView<TenantDirectories> {
  constructor(
    private readonly directory: LeadDirectoryRepository,
    environment: Environment,
    logger: PinoLogger,
  ) {
    super(
      environment,
      {
        service: 'compliance',
        name: 'lead-directory',
        topics: [
          { topic: Topics.LeadUpserted, event: LeadUpsertedEvent, durableGroupId: consumerGroupId(environment, 'compliance') },
          {
            topic: Topics.ErasureRequested,
            event: ErasureRequestedEvent,
            durableGroupId: topicGroupId(environment, 'compliance', Topics.ErasureRequested),
          },
        ],
      },
      logger,
    );
    logger.setContext(LeadDirectoryView.name);
  }

  /** The recipient's entry and the tenant's other leads sharing a word, an email or a phone number with the draft. */
  async findRecipientAndOthers(
    tenant: string,
    recipientLeadId: string,
    candidates: DirectoryCandidates,
  ): Promise<{ recipient?: DirectoryPerson; others: DirectoryPerson[] }> {
    const tenants = this.answering();
    if (!tenants) return this.directory.findRecipientAndOthers(tenant, recipientLeadId, candidates);
    return tenants.get(tenant)?.find(recipientLeadId, candidates) ?? { others: [] };
  }

  async isErased(tenant: string, leadId: string): Promise<boolean> {
    const tenants = this.answering();
    if (!tenants) return this.directory.isErased(tenant, leadId);
    return tenants.get(tenant)?.isErased(leadId) ?? false;
  }

  /** The tenant's leads other than the recipient sharing a word, an email or a phone number with the draft. */
  async findOthers(tenant: string, recipientLeadId: string, candidates: DirectoryCandidates): Promise<DirectoryPerson[]> {
    const tenants = this.answering();
    if (!tenants) return this.directory.findOthers(tenant, recipientLeadId, candidates);
    return tenants.get(tenant)?.findOthers(recipientLeadId, candidates) ?? [];
  }

  protected async load(): Promise<TenantDirectories> {
    const tenants: TenantDirectories = new Map();
    for await (const entry of this.directory.everyEntry()) {
      const index = tenantIndex(tenants, entry.tenant);
      // an erased lead's entry is stored blanked at ERASED_VERSION (ComplianceErasureRepository)
      if (entry.version === ERASED_VERSION) index.erase(entry.lead_id);
      else index.upsert(entry);
    }
    return tenants;
  }

  protected apply(tenants: TenantDirectories, event: EventEnvelope<object>): void {
    if (event instanceof LeadUpsertedEvent) tenantIndex(tenants, event.tenant).upsert(directoryEntryOf(event.tenant, event.payload));
    else if (event instanceof ErasureRequestedEvent) tenantIndex(tenants, event.tenant).erase(event.payload.lead_id);
  }
}

function tenantIndex(tenants: TenantDirectories, tenant: string): LeadDirectoryIndex {
  return getOrCreate(tenants, tenant, () => new LeadDirectoryIndex());
}
