import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeadDirectoryModule } from '../lead-directory/lead-directory.module';
import { EscalationDecisionRecord, EscalationDecisionSchema } from './escalation-decision.schema';
import { EscalationRecord, EscalationSchema } from './escalation.schema';
import { EscalationRepository } from './escalation.repository';
import { EscalationsController } from './escalations.controller';
import { ListEscalationsUseCase } from './list-escalations.use-case';
import { ResolveEscalationUseCase } from './resolve-escalation.use-case';

/** Cases for the compliance team: blocked drafts, listed and resolved (release or discard) over HTTP. */
@Module({
  imports: [
    LeadDirectoryModule,
    MongooseModule.forFeature([
      { name: EscalationRecord.name, schema: EscalationSchema },
      { name: EscalationDecisionRecord.name, schema: EscalationDecisionSchema },
    ]),
  ],
  controllers: [EscalationsController],
  providers: [EscalationRepository, ListEscalationsUseCase, ResolveEscalationUseCase],
  exports: [EscalationRepository],
})
export class EscalationsModule {}
