import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { LeadUpsertedEvent } from '@followup/contracts';
import { directoryEntryOf } from './lead-directory-index';
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
    const applied = await this.directory.applyVersion(directoryEntryOf(event.tenant, event.payload));
    this.logger.info({ version: event.payload.version, applied }, 'lead directory synced');
  }
}
