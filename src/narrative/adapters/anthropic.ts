/**
 * Anthropic's Messages API (`POST {baseURL}/v1/messages`) through @anthropic-ai/sdk. One request per
 * call: the SDK's own retries are off (the NarrativeService retries within its time budget).
 */
import Anthropic from '@anthropic-ai/sdk';
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
  aborted: Anthropic.APIUserAbortError,
  timeout: Anthropic.APIConnectionTimeoutError,
  connection: Anthropic.APIConnectionError,
};

export type AnthropicWriterOptions = ModelWriterOptions;

export class AnthropicNarrativeWriter implements NarrativeWriter {
  readonly provider = 'anthropic' as const;
  readonly model: string;
  private readonly client: Anthropic;

  constructor(private readonly options: AnthropicWriterOptions) {
    this.model = options.model;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      // Explicit, so no ambient ANTHROPIC_AUTH_TOKEN or credential file is mixed in.
      authToken: null,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: 0,
      timeout: options.timeoutMs,
    });
  }

  async write(request: WriterRequest, signal: AbortSignal): Promise<WriterOutput> {
    let message: Anthropic.Message;
    try {
      message = await this.client.messages.create(
        {
          model: this.model,
          max_tokens: request.prompt.maxOutputTokens,
          system: request.prompt.system,
          messages: [{ role: 'user', content: request.prompt.user }],
        },
        { signal },
      );
    } catch (err) {
      throw writerErrorFrom(err, this.options.clock.now(), SDK_ERRORS);
    }
    const blocks: unknown = (message as { content?: unknown }).content;
    if (!Array.isArray(blocks)) {
      throw new NarrativeWriterError('malformed', 'Messages API answer without a content array');
    }
    const text = (blocks as { type?: string; text?: unknown }[])
      .filter((b) => b.type === 'text' && typeof b.text === 'string')
      .map((b) => b.text as string)
      .join('')
      .trim();
    if (!text) throw new NarrativeWriterError('malformed', 'Messages API answer without text');
    return {
      text,
      usage: {
        inputTokens: message.usage?.input_tokens ?? 0,
        outputTokens: message.usage?.output_tokens ?? 0,
      },
      model: typeof message.model === 'string' ? message.model : this.model,
    };
  }
}
