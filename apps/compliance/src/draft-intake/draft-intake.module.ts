import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DraftScreeningRecord, DraftScreeningSchema } from './draft-screening.schema';
import { DraftScreeningRepository } from './draft-screening.repository';
import { GeneratedDraftsConsumer } from './generated-drafts.consumer';
import { ReceiveGeneratedDraftUseCase } from './receive-generated-draft.use-case';

@Module({
  imports: [MongooseModule.forFeature([{ name: DraftScreeningRecord.name, schema: DraftScreeningSchema }])],
  controllers: [GeneratedDraftsConsumer],
  providers: [DraftScreeningRepository, ReceiveGeneratedDraftUseCase],
})
export class DraftIntakeModule {}
