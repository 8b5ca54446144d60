import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { CheckpointScheduler } from './checkpoint-scheduler';
import { CheckpointSigner } from './checkpoint-signer';
import { CheckpointsController } from './checkpoints.controller';
import { ListCheckpointsUseCase } from './list-checkpoints.use-case';
import { TakeCheckpointUseCase } from './take-checkpoint.use-case';
import { ChainVerificationController } from '../verify/chain-verification.controller';
import { VerifyTenantChainUseCase } from '../verify/verify-tenant-chain.use-case';

/** Signed checkpoints of the tenant chains: on an interval, on demand, and listed; the chain verified on demand. */
@Module({
  imports: [AuditTrailModule],
  controllers: [CheckpointsController, ChainVerificationController],
  providers: [CheckpointSigner, TakeCheckpointUseCase, ListCheckpointsUseCase, CheckpointScheduler, VerifyTenantChainUseCase],
  exports: [CheckpointScheduler],
})
export class CheckpointsModule {}
