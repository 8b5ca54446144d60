import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ChainBreakDto {
  @ApiProperty({ description: 'Sequence of the first record that fails verification' }) sequence: number;
  @ApiProperty({ example: 'hash_mismatch' }) kind: string;
  @ApiProperty() expected: string;
  @ApiProperty() actual: string;
}

export class ChainVerificationDto {
  @ApiProperty() tenant: string;
  @ApiProperty({ description: 'Records checked before the walk stopped' }) records: number;
  @ApiProperty({ description: 'The hash chain and every checkpoint signature verified up to the last record' }) intact: boolean;
  @ApiPropertyOptional({ type: ChainBreakDto, description: 'Where verification failed first (absent when intact)' })
  first_break?: ChainBreakDto;
  @ApiProperty({ description: 'Checkpoints met and verified' }) checkpoints: number;
  @ApiPropertyOptional({ description: 'The last record sequence a verified checkpoint signs' }) signed_up_to?: number;
  @ApiProperty() verified_at: string;
}
