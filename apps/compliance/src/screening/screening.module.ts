import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EscalationsModule } from '../escalations/escalations.module';
import { LeadDirectoryModule } from '../lead-directory/lead-directory.module';
import { DraftsConsumer } from './drafts.consumer';
import { ScreenDraftUseCase } from './screen-draft.use-case';
import { ScreeningRecord, ScreeningSchema } from './screening.schema';
import { ScreeningRepository } from './screening.repository';

/** PII screening of generated and approved drafts; blocks, escalates and announces verdicts. */
@Module({
  imports: [EscalationsModule, LeadDirectoryModule, MongooseModule.forFeature([{ name: ScreeningRecord.name, schema: ScreeningSchema }])],
  controllers: [DraftsConsumer],
  providers: [ScreeningRepository, ScreenDraftUseCase],
})
export class ScreeningModule {}
