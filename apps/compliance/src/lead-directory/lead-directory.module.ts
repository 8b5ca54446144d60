import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DirectoryEntryRecord, DirectoryEntrySchema } from './directory-entry.schema';
import { LeadChangesConsumer } from './lead-changes.consumer';
import { LeadDirectoryRepository } from './lead-directory.repository';
import { LeadDirectoryView } from './lead-directory.view';
import { SyncDirectoryEntryUseCase } from './sync-directory-entry.use-case';

/** Compliance's own copy of the tenant's lead names and contacts, to spot other people's PII in drafts. */
@Module({
  imports: [MongooseModule.forFeature([{ name: DirectoryEntryRecord.name, schema: DirectoryEntrySchema }])],
  controllers: [LeadChangesConsumer],
  providers: [LeadDirectoryRepository, LeadDirectoryView, SyncDirectoryEntryUseCase],
  exports: [LeadDirectoryView],
})
export class LeadDirectoryModule {}
