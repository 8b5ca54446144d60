import { Injectable } from '@nestjs/common';
import type { CountryCode } from 'libphonenumber-js';
import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { recommendedChannel } from '../engine/lead-analysis';
import { SCORER_VERSION } from '../engine/priority-score';
import { AiServiceUnavailableError, Draft, Drafter, DraftRequest } from './drafter';
import { ChatMessage, draftPrompt, parseDraftOutput, PROMPT_VERSION, reAskMessages } from './draft-prompt';
import { rejectsJsonSchema, RESPONSE_FORMATS, responseFormat } from './structured-output';

/**
 * How much of a refused answer is kept for audit: a valid one is under 2,000 characters, and an endpoint that ignores
 * `max_tokens` must not make the event carrying the exchange too large for the broker.
 */
const KEPT_REFUSED_ANSWER_LENGTH = 8_000;
const TRUNCATED = '…[truncated]';

function keptOf(answer: string): string {
  return answer.length > KEPT_REFUSED_ANSWER_LENGTH ? `${answer.slice(0, KEPT_REFUSED_ANSWER_LENGTH)}${TRUNCATED}` : answer;
}

/**
 * Drafts through any OpenAI-compatible Chat Completions endpoint, asking for the answer's JSON schema
 * (structured outputs) or, from an endpoint that rejected that once, for JSON mode. Transport failures are
 * retried by the SDK (OPENAI_MAX_RETRIES); an answer that is not the requested JSON is asked for again, with the refused
 * answer and the reason (OPENAI_INVALID_OUTPUT_RETRIES). All of it within one deadline per draft, OPENAI_TIMEOUT_MS,
 * body included. Whatever still fails becomes AiServiceUnavailableError.
 */
@Injectable()
export class OpenAiDrafter implements Drafter {
  readonly engine = 'openai' as const;
  private readonly client: OpenAI;

  constructor(
    private readonly environment: Environment,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(OpenAiDrafter.name);
    this.client = new OpenAI({
      apiKey: environment.OPENAI_API_KEY,
      baseURL: environment.OPENAI_BASE_URL,
      timeout: environment.OPENAI_TIMEOUT_MS,
      maxRetries: environment.OPENAI_MAX_RETRIES,
    });
  }

  async draft({ analysis, rejectionReason, leadCountry, leadPhoneCountry }: DraftRequest): Promise<Draft> {
    const { messages, vault } = draftPrompt(analysis, {
      rejectionReason,
      phoneRegions: this.environment.PII_DEFAULT_REGIONS as CountryCode[],
      leadCountry,
      leadPhoneCountry,
    });
    const channel = recommendedChannel(analysis);
    const deadline = AbortSignal.timeout(this.environment.OPENAI_TIMEOUT_MS);
    const attempts = this.environment.OPENAI_INVALID_OUTPUT_RETRIES + 1;
    let problem = '';
    let conversation = messages;
    const refused: { problem: string; answer: string }[] = [];
    const exchange = (answer: string) => ({
      masked_prompt: messages[1].content,
      raw_answer: answer,
      ...(refused.length > 0 ? { refused_answers: JSON.stringify(refused) } : {}),
    });
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      let answer: string | null | undefined;
      try {
        completion = await this.complete(conversation, deadline);
        // an endpoint may answer 200 with something else than a completion (an error object, a proxy's page)
        answer = completion.choices[0]?.message?.content;
      } catch (error) {
        throw this.unavailable(error, attempt, deadline);
      }
      const output = parseDraftOutput(answer, analysis.firstName, channel, vault);
      if (!('problem' in output)) {
        return {
          ...output,
          ai_service_version: {
            engine: 'openai',
            model: completion.model || this.environment.OPENAI_MODEL,
            prompt_version: PROMPT_VERSION,
            scorer_version: SCORER_VERSION,
          },
          llm_exchange: exchange(answer ?? ''),
        };
      }
      problem = output.problem;
      refused.push({ problem, answer: keptOf(answer ?? '') });
      this.logger.warn({ error_code: 'AI_INVALID_OUTPUT', attempt, problem }, 'LLM answer rejected');
      conversation = reAskMessages(messages, answer ?? '', problem, channel);
    }
    throw new AiServiceUnavailableError('invalid_output', attempts, problem, exchange(refused.at(-1)?.answer ?? ''));
  }

  private async complete(messages: ChatMessage[], deadline: AbortSignal): Promise<OpenAI.Chat.Completions.ChatCompletion> {
    const endpoint = `${this.client.baseURL} ${this.environment.OPENAI_MODEL}`;
    const format = RESPONSE_FORMATS.formatFor(endpoint);
    const request = {
      model: this.environment.OPENAI_MODEL,
      messages,
      temperature: 0.2,
      max_tokens: this.environment.OPENAI_MAX_TOKENS,
    };
    try {
      return await beforeDeadline(
        this.client.chat.completions.create({ ...request, response_format: responseFormat(format) }, { signal: deadline }),
        deadline,
      );
    } catch (error) {
      if (format !== 'json_schema' || !rejectsJsonSchema(error)) throw error;
      RESPONSE_FORMATS.rememberRejection(endpoint);
      this.logger.warn({ error_code: 'AI_JSON_SCHEMA_UNSUPPORTED' }, 'LLM endpoint rejects json_schema; using JSON mode from now on');
      return beforeDeadline(
        this.client.chat.completions.create({ ...request, response_format: responseFormat('json_object') }, { signal: deadline }),
        deadline,
      );
    }
  }

  /** Past the deadline, whatever the call failed with (an abort, a connection error) is a timeout. */
  private unavailable(error: unknown, attempt: number, deadline: AbortSignal): AiServiceUnavailableError {
    if (deadline.aborted || error instanceof APIConnectionTimeoutError) {
      return new AiServiceUnavailableError('timeout', attempt, 'the request timed out');
    }
    if (error instanceof APIError) return new AiServiceUnavailableError('upstream_error', attempt, `status ${error.status ?? 'none'}`);
    return new AiServiceUnavailableError('upstream_error', attempt, (error as Error).message);
  }
}

/**
 * The call, or a rejection once the deadline passes. The SDK passes the signal to fetch, which cuts the body too, but
 * it sleeps before a retry (honouring Retry-After up to 60 s) without watching it.
 */
function beforeDeadline<T>(call: Promise<T>, deadline: AbortSignal): Promise<T> {
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(deadline.reason);
    if (deadline.aborted) onAbort();
    else deadline.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([call, aborted]).finally(() => deadline.removeEventListener('abort', onAbort));
}
