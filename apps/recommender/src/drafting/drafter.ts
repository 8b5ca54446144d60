import { AiServiceVersion, LlmExchange } from '@followup/contracts';
import type { LeadAnalysis } from '../engine/lead-analysis';

export interface DraftRequest {
  analysis: LeadAnalysis;
  /** Why a rep rejected the previous recommendation for this lead, when this is a re-analysis. */
  rejectionReason?: string;
  /** The lead's country and its phone number's (ISO 3166-1 alpha-2), as the gateway knows them: national numbers in the texts are read in them first. */
  leadCountry?: string;
  leadPhoneCountry?: string;
}

export interface Draft {
  reasoning_summary: string;
  draft_message: string;
  ai_service_version: AiServiceVersion;
  /** What the LLM was sent (masked) and answered (as it answered), kept for audit in restricted storage. */
  llm_exchange?: LlmExchange;
}

/** Writes the reasoning summary and the draft message for an analysed lead. */
export interface Drafter {
  readonly engine: 'deterministic' | 'openai';
  draft(request: DraftRequest): Promise<Draft>;
}

export const DRAFTER = Symbol('DRAFTER');

export const AI_FAILURE_REASONS = ['timeout', 'upstream_error', 'invalid_output'] as const;
export type AiFailureReason = (typeof AI_FAILURE_REASONS)[number];

/** The LLM could not produce a usable draft after the configured retries. */
export class AiServiceUnavailableError extends Error {
  constructor(
    readonly reason: AiFailureReason,
    readonly attempts: number,
    detail: string,
    /** For `invalid_output`: what the LLM was sent and answered, every answer refused, kept for audit. */
    readonly llmExchange?: LlmExchange,
  ) {
    super(`AI service unavailable (${reason} after ${attempts} attempt(s)): ${detail}`);
    this.name = 'AiServiceUnavailableError';
  }
}

/**
 * Any failure of a drafter as the AI service's: one it did not foresee (an answer of a shape it cannot read, a bug)
 * is an upstream error, so the request still goes to the manual queue instead of staying unanswered.
 */
export function asAiServiceUnavailable(error: unknown): AiServiceUnavailableError {
  if (error instanceof AiServiceUnavailableError) return error;
  return new AiServiceUnavailableError('upstream_error', 1, error instanceof Error ? error.message : String(error));
}
