import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { LeadUpsertedEvent } from '@followup/contracts';
import { LeadDirectoryRepository } from './lead-directory.repository';

/** Keeps compliance's directory entry of a lead at the newest version announced. */
@Injectable()
export class SyncDirectoryEntryUseCase {
  constructor(
    private readonly directory: LeadDirectoryRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SyncDirectoryEntryUseCase.name);
  }

  async execute(event: LeadUpsertedEvent): Promise<void> {
    const { lead_id, first_name, last_name, contacts, version } = event.payload;
    const applied = await this.directory.applyVersion({
      tenant: event.tenant,
      lead_id,
      first_name,
      last_name: last_name || undefined,
      email: contacts.email,
      phone: contacts.phone,
      first_name_lc: first_name.trim().toLowerCase(),
      last_name_lc: last_name?.trim().toLowerCase() || undefined,
      email_lc: contacts.email?.trim().toLowerCase(),
      version,
    });
    this.logger.info({ version, applied }, 'lead directory synced');
  }
}
