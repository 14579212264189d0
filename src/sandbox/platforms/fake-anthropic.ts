/**
 * Fake Anthropic Messages API — a real node:http server on 127.0.0.1 that @anthropic-ai/sdk talks
 * to (`new Anthropic({ apiKey, baseURL: fake.origin })`, base URL without /v1).
 *
 *   const fake = await new FakeAnthropicApi({ reply: 'SPY fell 1.2% …' }).listen();
 *   fake.fail({ status: 429, retryAfterSeconds: 1 });   // next request: rate limited
 *   fake.fail({ delayMs: 5_000 });                      // next request answers 5 s late
 *   fake.modelRequests().length                       // requests counted
 *
 * `POST /v1/messages` answers a Message: `{ id, type: 'message', role: 'assistant', model,
 * content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage:
 * { input_tokens, output_tokens } }`. Auth: `x-api-key` or `Authorization: Bearer` (the SDK may
 * send either); a wrong key → 401 authentication_error. Errors use Anthropic's body `{ type:
 * 'error', error: { type, message }, request_id }`: 400 invalid_request_error (missing model,
 * max_tokens or messages), 429 rate_limit_error with a `retry-after` header, 500 api_error,
 * 529 overloaded_error.
 */
import type { FakeReply, RecordedRequest } from '../fake-http-server.js';
import { FakeLlmApi, presentedKey, roughTokens, type FakeLlmOptions } from './fake-llm-api.js';

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export class FakeAnthropicApi extends FakeLlmApi {
  constructor(options: FakeLlmOptions = {}) {
    super('/v1/messages', 'sk-ant-fake', options);
  }

  protected notFound(req: RecordedRequest): FakeReply {
    return anthropicError(404, `Unknown path ${req.path}`);
  }

  protected truncatedBody(): string {
    return '{"id":"msg_broken","type":"message","content":[{"ty';
  }

  protected errorReply(status: number, retryAfterSeconds?: number): FakeReply {
    const reply = anthropicError(status, messageFor(status));
    if (retryAfterSeconds !== undefined)
      reply.headers = { 'retry-after': String(retryAfterSeconds) };
    return reply;
  }

  protected answer(req: RecordedRequest): FakeReply {
    if (presentedKey(req.headers) !== this.apiKey) return anthropicError(401, 'invalid x-api-key');
    const body = (req.body ?? {}) as {
      model?: unknown;
      max_tokens?: unknown;
      system?: unknown;
      messages?: { role: string; content: unknown }[];
    };
    if (typeof body.model !== 'string') return anthropicError(400, 'model: Field required');
    if (typeof body.max_tokens !== 'number')
      return anthropicError(400, 'max_tokens: Field required');
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return anthropicError(400, 'messages: Field required');
    const prompt = [
      typeof body.system === 'string' ? body.system : '',
      ...body.messages.map((m) => (typeof m.content === 'string' ? m.content : '')),
    ].join('\n');
    const text = this.replyText(prompt);
    return {
      status: 200,
      headers: { 'request-id': `req_fake_${this.nextId}` },
      body: {
        id: `msg_fake_${this.nextId++}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: roughTokens(prompt), output_tokens: roughTokens(text) },
      },
    };
  }
}

function anthropicError(status: number, message: string): FakeReply {
  return {
    status,
    body: {
      type: 'error',
      error: { type: ERROR_TYPES[status] ?? 'api_error', message },
      request_id: 'req_fake_error',
    },
  };
}

function messageFor(status: number): string {
  if (status === 429) return 'Number of request tokens has exceeded your per-minute rate limit';
  if (status === 529) return 'Overloaded';
  if (status >= 500) return 'Internal server error';
  return 'Request failed';
}
