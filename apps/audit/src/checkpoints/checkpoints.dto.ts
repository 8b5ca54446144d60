import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CursorPageQuery } from '@followup/http';

export const CHECKPOINT_ORDERS = ['oldest_first', 'newest_first'] as const;
export type CheckpointOrder = (typeof CHECKPOINT_ORDERS)[number];

export class ListCheckpointsQuery extends CursorPageQuery {
  @ApiPropertyOptional({
    enum: CHECKPOINT_ORDERS,
    default: 'oldest_first',
    description: "`newest_first` starts at the latest checkpoint; a page's `next_cursor` goes on in the order it was asked in",
  })
  @IsOptional()
  @IsIn(CHECKPOINT_ORDERS)
  order?: CheckpointOrder;
}

export class CheckpointDto {
  @ApiProperty() tenant: string;
  @ApiProperty({ description: 'The sequence of the last record the signed head covers' }) sequence: number;
  @ApiProperty({ description: "That record's hash (hex SHA-256)" }) head_hash: string;
  @ApiProperty() signed_at: string;
  @ApiProperty({ description: "Hex SHA-256 of the signing key's DER SubjectPublicKeyInfo" }) key_id: string;
  @ApiProperty({
    description:
      'Ed25519 signature (base64) over the canonical JSON of these fields (signature left out) plus "type":"followup.audit.checkpoint.v1"',
  })
  signature: string;
  @ApiProperty({ description: 'Sequence of the chain record that carries this checkpoint (sequence + 1)' }) record_sequence: number;
}

export class CheckpointsPageDto {
  @ApiProperty({ type: [CheckpointDto], description: 'In the order asked for (oldest first by default)' }) items: CheckpointDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  next_cursor: string | null;
}
