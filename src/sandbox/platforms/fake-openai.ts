/**
 * Fake OpenAI Chat Completions API — a real node:http server on 127.0.0.1 that the openai SDK
 * talks to (`new OpenAI({ apiKey, baseURL: fake.baseURL })`, base URL with /v1).
 *
 *   const fake = await new FakeOpenAiApi({ reply: 'SPY fell 1.2% …' }).listen();
 *   fake.fail({ status: 429, retryAfterSeconds: 1 }, { status: 500 });
 *   fake.modelRequests().length
 *
 * `POST /v1/chat/completions` answers a ChatCompletion: `{ id, object: 'chat.completion', created,
 * model, choices: [{ index: 0, message: { role: 'assistant', content, refusal: null,
 * annotations: [] }, logprobs: null, finish_reason: 'stop' }], usage: { prompt_tokens,
 * completion_tokens, total_tokens }, system_fingerprint }`. Auth: `Authorization: Bearer`; a wrong
 * key → 401 invalid_api_key. Errors use OpenAI's body `{ error: { message, type, param, code } }`:
 * 400 invalid_request_error, 429 rate_limit_exceeded (type 'requests') with `retry-after` and
 * `x-ratelimit-*` headers, 500 server_error.
 */
import type { FakeReply, RecordedRequest } from '../fake-http-server.js';
import { FakeLlmApi, presentedKey, roughTokens, type FakeLlmOptions } from './fake-llm-api.js';

const COMPLETIONS = '/v1/chat/completions';

export class FakeOpenAiApi extends FakeLlmApi {
  constructor(options: FakeLlmOptions = {}) {
    super(COMPLETIONS, 'sk-fake-openai', options);
  }

  /** The SDK's base URL (with /v1). */
  get baseURL(): string {
    return `${this.origin}/v1`;
  }

  protected notFound(req: RecordedRequest): FakeReply {
    return openAiError(404, `Invalid URL (${req.method} ${req.path})`, 'invalid_request_error');
  }

  protected truncatedBody(): string {
    return '{"id":"chatcmpl-broken","choices":[{"mess';
  }

  protected errorReply(status: number, retryAfterSeconds?: number): FakeReply {
    if (status === 429) {
      const seconds = retryAfterSeconds ?? 1;
      const reply = openAiError(
        429,
        `Rate limit reached for requests. Please try again in ${seconds}s.`,
        'requests',
        'rate_limit_exceeded',
      );
      reply.headers = {
        ...(retryAfterSeconds !== undefined ? { 'retry-after': String(seconds) } : {}),
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': `${seconds}s`,
      };
      return reply;
    }
    const message =
      status >= 500
        ? 'The server had an error while processing your request. Sorry about that!'
        : 'Request failed';
    return openAiError(status, message, status >= 500 ? 'server_error' : 'invalid_request_error');
  }

  protected answer(req: RecordedRequest): FakeReply {
    if (presentedKey(req.headers) !== this.apiKey)
      return openAiError(
        401,
        'Incorrect API key provided.',
        'invalid_request_error',
        'invalid_api_key',
      );
    const body = (req.body ?? {}) as {
      model?: unknown;
      messages?: { role: string; content: unknown }[];
    };
    if (typeof body.model !== 'string')
      return openAiError(400, 'you must provide a model parameter', 'invalid_request_error');
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return openAiError(400, "Missing required parameter: 'messages'.", 'invalid_request_error');
    const prompt = body.messages
      .map((m) => (typeof m.content === 'string' ? m.content : ''))
      .join('\n');
    const text = this.replyText(prompt);
    const promptTokens = roughTokens(prompt);
    const completionTokens = roughTokens(text);
    return {
      status: 200,
      headers: { 'x-request-id': `req_fake_${this.nextId}` },
      body: {
        id: `chatcmpl-fake${this.nextId++}`,
        object: 'chat.completion',
        created: Math.floor(this.clock.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: text, refusal: null, annotations: [] },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
        service_tier: 'default',
        system_fingerprint: 'fp_fake',
      },
    };
  }
}

function openAiError(
  status: number,
  message: string,
  type: string,
  code: string | null = null,
): FakeReply {
  return { status, body: { error: { message, type, param: null, code } } };
}
