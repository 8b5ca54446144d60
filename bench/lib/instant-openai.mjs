// An OpenAI-compatible Chat Completions endpoint that answers at once, for timing the recommender's LLM
// path without a model's latency: a valid `{reasoning_summary, draft_message}` JSON answer addressing the
// lead by the `first_name` in the user message's JSON (the recommender rejects a draft that does not).
// Run as a child process: `node bench/lib/instant-openai.mjs` prints `{"url": ".../v1"}` once listening.
import { createServer } from 'node:http';

let answered = 0;

function answer(body) {
  const facts = JSON.parse(body.messages?.find((message) => message.role === 'user')?.content ?? '{}');
  const firstName = typeof facts.first_name === 'string' ? facts.first_name : 'there';
  answered += 1;
  return {
    id: `chatcmpl-bench-${answered}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: `${body.model ?? 'bench'}-instant`,
    choices: [
      {
        index: 0,
        finish_reason: 'stop',
        message: {
          role: 'assistant',
          content: JSON.stringify({
            reasoning_summary: 'The lead replied by SMS and asked about pricing during the demo, so a short SMS follow-up fits.',
            draft_message: `Hi ${firstName}, thanks for your questions during the demo. Would a short call this week about pricing help?`,
          }),
        },
      },
    ],
    usage: { prompt_tokens: 200, completion_tokens: 60, total_tokens: 260 },
  };
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    try {
      const payload = JSON.stringify(answer(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      response.writeHead(200, { 'content-type': 'application/json' }).end(payload);
    } catch {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad request"}}');
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/v1` })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
