import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DraftScreeningRecord, DraftScreeningSchema } from './draft-screening.schema';
import { DraftScreeningRepository } from './draft-screening.repository';
import { ReceiveGeneratedDraftUseCase } from './receive-generated-draft.use-case';

/** The intake record of every generated draft (`draft_screenings`); the screening module calls it first. */
@Module({
  imports: [MongooseModule.forFeature([{ name: DraftScreeningRecord.name, schema: DraftScreeningSchema }])],
  providers: [DraftScreeningRepository, ReceiveGeneratedDraftUseCase],
  exports: [ReceiveGeneratedDraftUseCase],
})
export class DraftIntakeModule {}
