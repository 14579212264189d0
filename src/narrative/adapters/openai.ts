/**
 * OpenAI's Chat Completions (`POST {baseURL}/chat/completions`, baseURL with /v1) through the
 * openai SDK. One request per call: the SDK's own retries are off (the NarrativeService retries
 * within its time budget).
 */
import OpenAI from 'openai';
import {
  NarrativeWriterError,
  writerErrorFrom,
  type SdkErrorClasses,
} from '../writer/writer-error.js';
import type {
  ModelWriterOptions,
  NarrativeWriter,
  WriterOutput,
  WriterRequest,
} from '../writer/writer-port.js';

const SDK_ERRORS: SdkErrorClasses = {
  aborted: OpenAI.APIUserAbortError,
  timeout: OpenAI.APIConnectionTimeoutError,
  connection: OpenAI.APIConnectionError,
};

export type OpenAiWriterOptions = ModelWriterOptions;

export class OpenAiNarrativeWriter implements NarrativeWriter {
  readonly provider = 'openai' as const;
  readonly model: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiWriterOptions) {
    this.model = options.model;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      // Explicit, so no ambient OPENAI_ORG_ID / OPENAI_PROJECT_ID is sent.
      organization: null,
      project: null,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs,
    });
  }

  async write(request: WriterRequest, signal: AbortSignal): Promise<WriterOutput> {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(
        {
          model: this.model,
          max_completion_tokens: request.prompt.maxOutputTokens,
          messages: [
            { role: 'system', content: request.prompt.system },
            { role: 'user', content: request.prompt.user },
          ],
        },
        { signal },
      );
    } catch (err) {
      throw writerErrorFrom(err, this.options.clock.now(), SDK_ERRORS);
    }
    const choices: unknown = (completion as { choices?: unknown }).choices;
    const first = Array.isArray(choices)
      ? (choices[0] as { message?: { content?: unknown; refusal?: unknown } } | undefined)
      : undefined;
    if (!first?.message) {
      throw new NarrativeWriterError('malformed', 'Chat Completions answer without a message');
    }
    const text = typeof first.message.content === 'string' ? first.message.content.trim() : '';
    if (!text) {
      const refusal = typeof first.message.refusal === 'string' ? `: ${first.message.refusal}` : '';
      throw new NarrativeWriterError('malformed', `Chat Completions answer without text${refusal}`);
    }
    return {
      text,
      usage: {
        inputTokens: completion.usage?.prompt_tokens ?? 0,
        outputTokens: completion.usage?.completion_tokens ?? 0,
      },
      model: typeof completion.model === 'string' ? completion.model : this.model,
    };
  }
}
