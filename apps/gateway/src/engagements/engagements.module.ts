import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeadsModule } from '../leads/leads.module';
import { EngagementLogRecord, EngagementLogSchema } from './engagement-log.schema';
import { EngagementLogRepository } from './engagement-log.repository';
import { EngagementsController } from './engagements.controller';
import { LogEngagementsUseCase } from './log-engagements.use-case';

@Module({
  imports: [LeadsModule, MongooseModule.forFeature([{ name: EngagementLogRecord.name, schema: EngagementLogSchema }])],
  controllers: [EngagementsController],
  providers: [EngagementLogRepository, LogEngagementsUseCase],
  exports: [EngagementLogRepository],
})
export class EngagementsModule {}
