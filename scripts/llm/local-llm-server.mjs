// A small OpenAI-compatible Chat Completions server for a local GGUF model, run with node-llama-cpp on the CPU and
// listening on loopback only: POST /v1/chat/completions (response_format json_schema, through a grammar built
// from the schema, json_object, or text) and GET /v1/models. Requests are answered one at a time, each from a
// fresh chat (no state is carried between requests). Every request must carry the key printed at start.
//
//   node scripts/llm/local-llm-server.mjs [--port N] [--model file.gguf] [--api-key KEY]
//
// prints one line `local LLM ready {"base_url":…,"api_key":…,"model":…}` once it answers, and stops on SIGINT/SIGTERM.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { getLlama, LlamaChat } from 'node-llama-cpp';
import { LOCAL_MODEL_NAME, preparedSmolLm2 } from './smollm2.mjs';

const MAX_BODY_BYTES = 1_000_000;
const CONTEXT_TOKENS = 2048;
const REPEAT_PENALTY = 1.1;

class RequestError extends Error {
  constructor(status, message, param = null) {
    super(message);
    this.status = status;
    this.param = param;
  }
}

/** The OpenAI request body as node-llama-cpp's chat history and generation options. */
async function generationOf(llama, body) {
  if (!Array.isArray(body?.messages) || body.messages.length === 0)
    throw new RequestError(400, 'messages must be a non-empty array', 'messages');
  const history = body.messages.map((message, index) => {
    const text = typeof message?.content === 'string' ? message.content : null;
    if (text === null) throw new RequestError(400, `messages[${index}].content must be a string`, 'messages');
    if (message.role === 'system' || message.role === 'developer') return { type: 'system', text };
    if (message.role === 'user') return { type: 'user', text };
    if (message.role === 'assistant') return { type: 'model', response: [text] };
    throw new RequestError(400, `messages[${index}].role is not supported`, 'messages');
  });
  history.push({ type: 'model', response: [] });
  const format = body.response_format?.type ?? 'text';
  let grammar;
  if (format === 'json_schema') {
    const schema = body.response_format.json_schema?.schema;
    if (typeof schema !== 'object' || schema === null)
      throw new RequestError(400, 'response_format.json_schema.schema is required', 'response_format');
    try {
      grammar = await llama.createGrammarForJsonSchema(schema);
    } catch (error) {
      throw new RequestError(400, `response_format.json_schema.schema is not supported: ${error.message}`, 'response_format');
    }
  } else if (format === 'json_object') {
    grammar = await llama.getGrammarFor('json');
  } else if (format !== 'text') {
    throw new RequestError(400, `response_format type ${format} is not supported`, 'response_format');
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? 512;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new RequestError(400, 'max_tokens must be a positive integer', 'max_tokens');
  return {
    history,
    options: {
      grammar,
      maxTokens: Math.min(maxTokens, CONTEXT_TOKENS / 2),
      temperature: typeof body.temperature === 'number' ? body.temperature : 1,
      seed: Number.isInteger(body.seed) ? body.seed : undefined,
      // as llama.cpp's server and Ollama do by default: a small model otherwise repeats one phrase until maxTokens
      repeatPenalty: {
        penalty: REPEAT_PENALTY,
        lastTokens: 64,
        frequencyPenalty: typeof body.frequency_penalty === 'number' ? body.frequency_penalty : undefined,
        presencePenalty: typeof body.presence_penalty === 'number' ? body.presence_penalty : undefined,
      },
    },
  };
}

async function readJson(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, 'request body too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestError(400, 'request body is not JSON');
  }
}

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sendError(response, error) {
  const status = error instanceof RequestError ? error.status : 500;
  const type = status === 401 ? 'authentication_error' : status < 500 ? 'invalid_request_error' : 'server_error';
  send(response, status, {
    error: { message: status < 500 ? error.message : 'generation failed', type, param: error.param ?? null, code: null },
  });
}

/**
 * Loads the model and listens on 127.0.0.1. `stats.completions` counts the answered completions (a caller that
 * runs one request at a time can tell a first answer from a re-ask by it).
 */
export async function startLocalLlmServer({
  modelPath,
  port = 0,
  apiKey = randomBytes(18).toString('base64url'),
  modelName = LOCAL_MODEL_NAME,
} = {}) {
  const llama = await getLlama({ gpu: false, build: 'never', progressLogs: false });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: CONTEXT_TOKENS, threads: Math.min(availableParallelism(), 4) });
  const sequence = context.getSequence();
  const stats = { completions: 0 };
  let queue = Promise.resolve();
  const expectedKey = Buffer.from(`Bearer ${apiKey}`);

  async function complete(body) {
    const { history, options } = await generationOf(llama, body);
    const chat = new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
    try {
      await sequence.clearHistory();
      const inputBefore = sequence.tokenMeter.usedInputTokens;
      const result = await chat.generateResponse(history, options);
      const completionTokens = model.tokenize(result.response).length;
      stats.completions += 1;
      return {
        id: `chatcmpl-local-${stats.completions}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: modelName,
        choices: [
          {
            index: 0,
            finish_reason: result.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
            message: { role: 'assistant', content: result.response },
          },
        ],
        usage: {
          prompt_tokens: sequence.tokenMeter.usedInputTokens - inputBefore,
          completion_tokens: completionTokens,
          total_tokens: sequence.tokenMeter.usedInputTokens - inputBefore + completionTokens,
        },
      };
    } finally {
      chat.dispose({ disposeSequence: false });
    }
  }

  const server = createServer(async (request, response) => {
    try {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expectedKey.length || !timingSafeEqual(given, expectedKey))
        throw new RequestError(401, 'missing or wrong API key');
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (request.method === 'GET' && path === '/v1/models') {
        return send(response, 200, { object: 'list', data: [{ id: modelName, object: 'model', owned_by: 'local' }] });
      }
      if (request.method !== 'POST' || path !== '/v1/chat/completions') throw new RequestError(404, 'not found');
      const body = await readJson(request);
      const answer = (queue = queue.then(() => complete(body)));
      queue = queue.catch(() => undefined);
      send(response, 200, await answer);
    } catch (error) {
      if (!(error instanceof RequestError)) process.stderr.write(`[local-llm] ${error?.stack ?? error}\n`);
      sendError(response, error);
    }
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${server.address().port}/v1`;
  return {
    baseUrl,
    apiKey,
    modelName,
    stats,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await queue;
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, model: { type: 'string' }, 'api-key': { type: 'string' } },
  });
  const local = await startLocalLlmServer({
    modelPath: values.model ?? preparedSmolLm2(),
    port: Number(values.port),
    apiKey: values['api-key'],
  });
  process.stdout.write(`local LLM ready ${JSON.stringify({ base_url: local.baseUrl, api_key: local.apiKey, model: local.modelName })}\n`);
  const stop = () => local.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
