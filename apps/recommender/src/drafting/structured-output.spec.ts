import { APIConnectionError, APIError } from 'openai';
import { rejectsJsonSchema, ResponseFormatMemory } from './structured-output';

const headers = new Headers();
const apiError = (status: number, error: Record<string, unknown>) => APIError.generate(status, { error }, undefined, headers);

describe('rejectsJsonSchema', () => {
  it.each([
    [
      "OpenAI's answer for a model without structured outputs",
      apiError(400, {
        message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
        type: 'invalid_request_error',
        param: 'response_format',
      }),
    ],
    ['a server that names the format only in its message', apiError(400, { message: 'Unknown response format type: json_schema' })],
    ['a server that validates the body and names the field', apiError(422, { message: 'body.response_format.type: unexpected value' })],
    ['a server without the feature', apiError(501, { message: 'json_schema is not implemented' })],
  ])('is true for %s', (_, error) => {
    expect(rejectsJsonSchema(error)).toBe(true);
  });

  it.each([
    ['another invalid parameter', apiError(400, { message: 'max_tokens is too large', param: 'max_tokens' })],
    ['a server error that mentions the schema', apiError(500, { message: 'grammar from json_schema crashed' })],
    ['rate limiting', apiError(429, { message: 'Rate limit reached' })],
    ['a bad key', apiError(401, { message: 'Incorrect API key provided' })],
    ['a connection failure', new APIConnectionError({ message: 'Connection error.' })],
    ['an error that is not from the API', new Error('response_format json_schema')],
  ])('is false for %s', (_, error) => {
    expect(rejectsJsonSchema(error)).toBe(false);
  });
});

describe('ResponseFormatMemory', () => {
  it('asks every endpoint for json_schema until that endpoint rejects it, then for JSON mode only', () => {
    const memory = new ResponseFormatMemory();
    expect(memory.formatFor('http://a/v1 m')).toBe('json_schema');
    memory.rememberRejection('http://a/v1 m');
    expect(memory.formatFor('http://a/v1 m')).toBe('json_object');
    expect(memory.formatFor('http://b/v1 m')).toBe('json_schema');
  });
});
