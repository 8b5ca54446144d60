import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ErasedLeadDocument, ErasedLeadRepository, ErasedLeadSchema } from './erased-lead.repository';
import { ErasedLeadsView } from './erased-leads.view';

/** The service's `erased_leads` and the view of it, for a service that must tell what it writes of an erased lead. */
@Module({
  imports: [MongooseModule.forFeature([{ name: ErasedLeadDocument.name, schema: ErasedLeadSchema }])],
  providers: [ErasedLeadRepository, ErasedLeadsView],
  exports: [ErasedLeadRepository, ErasedLeadsView],
})
export class ErasedLeadsModule {}
