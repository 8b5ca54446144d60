import { APIError } from 'openai';

/**
 * The draft answer as a strict JSON schema (OpenAI's structured outputs): only keywords every server that
 * implements `json_schema` accepts in strict mode; the lengths are checked by parseDraftOutput.
 */
export const DRAFT_ANSWER_SCHEMA = {
  name: 'followup_draft',
  strict: true,
  schema: {
    type: 'object',
    properties: {
      reasoning_summary: {
        type: 'string',
        description: 'One or two sentences for the rep on why this channel and action, citing the engagement facts.',
      },
      draft_message: {
        type: 'string',
        description: 'The message to send on the recommended channel, addressed to the lead by first name.',
      },
    },
    required: ['reasoning_summary', 'draft_message'],
    additionalProperties: false,
  },
} as const;

export type ResponseFormatKind = 'json_schema' | 'json_object';

export function responseFormat(kind: ResponseFormatKind) {
  return kind === 'json_schema' ? { type: 'json_schema' as const, json_schema: DRAFT_ANSWER_SCHEMA } : { type: 'json_object' as const };
}

/**
 * Whether an endpoint refused the request because it does not take `response_format: json_schema` (an older
 * server, or a model without structured outputs), as opposed to failing for any other reason: a client error
 * (400, 422, 501) that names the parameter, as OpenAI does with `param`, or mentions it in the message.
 */
export function rejectsJsonSchema(error: unknown): boolean {
  if (!(error instanceof APIError) || ![400, 422, 501].includes(error.status ?? 0)) return false;
  if (error.param === 'response_format') return true;
  const body = typeof error.error === 'object' && error.error !== null ? JSON.stringify(error.error) : '';
  return /response_format|json_schema/i.test(`${error.message} ${body}`);
}

/**
 * The response format each endpoint takes, learnt once per process: every endpoint is asked for `json_schema`
 * until it rejects it, then only for JSON mode.
 */
export class ResponseFormatMemory {
  private readonly jsonObjectOnly = new Set<string>();

  formatFor(endpoint: string): ResponseFormatKind {
    return this.jsonObjectOnly.has(endpoint) ? 'json_object' : 'json_schema';
  }

  rememberRejection(endpoint: string): void {
    this.jsonObjectOnly.add(endpoint);
  }
}

export const RESPONSE_FORMATS = new ResponseFormatMemory();
