import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { LeadUpsertedEvent } from '@followup/contracts';
import { ContactRepository } from './contact.repository';
import { contactOf } from './contact-index';

@Injectable()
export class SyncContactUseCase {
  constructor(
    private readonly contacts: ContactRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SyncContactUseCase.name);
  }

  async execute(event: LeadUpsertedEvent): Promise<void> {
    const changed = await this.contacts.applyVersion(contactOf(event));
    this.logger.info({ version: event.payload.version, applied: changed }, 'contact directory synced');
  }
}
