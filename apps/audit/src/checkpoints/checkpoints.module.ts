import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { CheckpointScheduler } from './checkpoint-scheduler';
import { CheckpointSigner } from './checkpoint-signer';
import { CheckpointsController } from './checkpoints.controller';
import { ListCheckpointsUseCase } from './list-checkpoints.use-case';
import { TakeCheckpointUseCase } from './take-checkpoint.use-case';

/** Signed checkpoints of the tenant chains: on an interval, on demand, and listed. */
@Module({
  imports: [AuditTrailModule],
  controllers: [CheckpointsController],
  providers: [CheckpointSigner, TakeCheckpointUseCase, ListCheckpointsUseCase, CheckpointScheduler],
  exports: [CheckpointScheduler],
})
export class CheckpointsModule {}
