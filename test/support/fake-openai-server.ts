import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeAnswer =
  | { kind: 'json'; content: Record<string, unknown>; model?: string }
  | { kind: 'text'; content: string }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** A 200 whose body is this text as it is, e.g. an error object or a proxy's HTML page instead of a completion. */
  | { kind: 'body'; body: string; contentType?: string }
  | { kind: 'delay'; ms: number; then: FakeAnswer }
  /** The headers at once, then the body a byte at a time for `ms` (whitespace before the default answer's JSON). */
  | { kind: 'trickle'; ms: number };

export interface RecordedRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
}

/**
 * An OpenAI-compatible Chat Completions server of the project's own, for tests: each request takes the next
 * scripted answer (or the default), so a test can make the LLM answer well, badly, slowly or not at all.
 */
export class FakeOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  private readonly script: FakeAnswer[] = [];
  private server?: Server;
  /** false: answers a request for `json_schema` the way OpenAI does for a model without structured outputs. */
  acceptsJsonSchema = true;
  defaultAnswer: (request: RecordedRequest) => FakeAnswer = (request) => ({
    kind: 'json',
    content: {
      reasoning_summary: 'The lead replied by SMS and asked about pricing during the demo.',
      draft_message: `Hi ${JSON.parse(request.messages[1].content).first_name}, following up on your pricing questions from the demo.`,
    },
  });

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** The next requests get these answers, in order; afterwards the default answer. */
  answerNext(...answers: FakeAnswer[]): void {
    this.script.push(...answers);
  }

  /** Scripted answers no request has taken yet. */
  get unusedAnswers(): readonly FakeAnswer[] {
    return [...this.script];
  }

  /** Drops the unused scripted answers and the recorded requests, so one test's script never answers another's requests. */
  reset(): void {
    this.script.length = 0;
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest;
    this.requests.push(body);
    if (!this.acceptsJsonSchema && body.response_format?.type === 'json_schema') {
      response.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: {
            message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
            type: 'invalid_request_error',
            param: 'response_format',
            code: null,
          },
        }),
      );
      return;
    }
    await this.answer(this.script.shift() ?? this.defaultAnswer(body), body, response);
  }

  private async answer(answer: FakeAnswer, body: RecordedRequest, response: ServerResponse): Promise<void> {
    if (answer.kind === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, answer.ms));
      if (response.destroyed || response.writableEnded) return;
      return this.answer(answer.then, body, response);
    }
    if (answer.kind === 'status') {
      const retryAfter = answer.retryAfterSeconds === undefined ? {} : { 'retry-after': String(answer.retryAfterSeconds) };
      response
        .writeHead(answer.status, { 'content-type': 'application/json', ...retryAfter })
        .end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
      return;
    }
    if (answer.kind === 'body') {
      response.writeHead(200, { 'content-type': answer.contentType ?? 'application/json' }).end(answer.body);
      return;
    }
    if (answer.kind === 'trickle') {
      response.writeHead(200, { 'content-type': 'application/json' });
      for (const until = Date.now() + answer.ms; Date.now() < until;) {
        if (response.destroyed) return;
        response.write(' ');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (response.destroyed) return;
      response.end(this.completion(this.defaultAnswer(body), body));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(this.completion(answer, body));
  }

  private completion(answer: FakeAnswer, body: RecordedRequest): string {
    const content = answer.kind === 'json' ? JSON.stringify(answer.content) : answer.kind === 'text' ? answer.content : '';
    const model = answer.kind === 'json' && answer.model ? answer.model : `${body.model}-2026-01-01`;
    return JSON.stringify({
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
  }
}
