import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { CheckpointSigner } from '../checkpoints/checkpoint-signer';
import { ChainVerificationDto } from './chain-verification.dto';
import { verifyAuditChains } from './verify-audit-chains';

/** The caller's tenant chain verified now, the way `npm run audit:verify` does, with the service's public keys (CheckpointSigner). */
@Injectable()
export class VerifyTenantChainUseCase {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly signer: CheckpointSigner,
  ) {}

  async execute(tenant: string): Promise<ChainVerificationDto> {
    const [report] = await verifyAuditChains(this.connection.db!, { tenant, publicKeys: this.signer.publicKeys });
    const chainBreak = report.break;
    return {
      tenant,
      records: report.records,
      intact: chainBreak === undefined,
      first_break: chainBreak && {
        sequence: chainBreak.sequence,
        kind: chainBreak.kind,
        expected: chainBreak.expected,
        actual: chainBreak.actual,
      },
      checkpoints: report.checkpoints,
      signed_up_to: report.last_signed_sequence,
      verified_at: new Date().toISOString(),
    };
  }
}
