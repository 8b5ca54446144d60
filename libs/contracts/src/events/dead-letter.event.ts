import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { SERVICE_NAMES } from '../domain';

export const DEAD_LETTER_REASONS = ['validation_failed', 'processing_failed', 'unparseable'] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/**
 * Not an envelope: a dead letter wraps a message that may not be a valid event at all. `problems` names
 * fields and constraints, never values, so a dead letter cannot carry PII out of the message it describes
 * except inside `original_value`, which only the audit service stores (with restricted access).
 */
export class DeadLetterEvent {
  @IsIn(SERVICE_NAMES)
  consumer: string;

  @IsString()
  @IsNotEmpty()
  source_topic: string;

  @IsInt()
  @Min(0)
  source_partition: number;

  @IsString()
  source_offset: string;

  @IsIn(DEAD_LETTER_REASONS)
  reason: DeadLetterReason;

  @IsString({ each: true })
  problems: string[];

  @IsOptional()
  @IsString()
  request_id?: string;

  @IsString()
  original_value: string;

  @IsISO8601({ strict: true })
  dead_lettered_at: string;
}
