import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ContactRecord, ContactSchema } from './contact.schema';
import { ContactRepository } from './contact.repository';
import { ContactView } from './contact-view';
import { LeadChangesConsumer } from './lead-changes.consumer';
import { SyncContactUseCase } from './sync-contact.use-case';

@Module({
  imports: [MongooseModule.forFeature([{ name: ContactRecord.name, schema: ContactSchema }])],
  controllers: [LeadChangesConsumer],
  providers: [ContactRepository, ContactView, SyncContactUseCase],
  exports: [ContactRepository, ContactView],
})
export class ContactDirectoryModule {}
