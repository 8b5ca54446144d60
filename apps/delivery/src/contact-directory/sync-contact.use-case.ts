import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { LeadUpsertedEvent } from '@followup/contracts';
import { ContactRepository } from './contact.repository';

@Injectable()
export class SyncContactUseCase {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SyncContactUseCase.name);
  }

  async execute(event: LeadUpsertedEvent): Promise<void> {
    const { lead_id, first_name, owner_rep_id, time_zone, country, contacts, consent, version } = event.payload;
    const changed = await this.contacts.applyVersion({
      tenant: event.tenant,
      lead_id,
      first_name,
      owner_rep_id,
      time_zone: time_zone ?? null,
      country: country ?? null,
      contacts,
      consent,
      version,
    });
    this.logger.info({ version, applied: changed }, 'contact directory synced');
  }
}
