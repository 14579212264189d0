/**
 * The NarrativeWriter port: turns one audience's facts (and the prompt built from them) into prose.
 * Adapters: the template writer (no model; the default and the fallback), Anthropic's Messages API
 * and OpenAI's Chat Completions. A model adapter makes exactly one request per call — retries,
 * time budget, fact check, spend and cache are the NarrativeService's.
 */
import type { Clock } from '../../common/clock.js';
import type { NarrativeFacts } from './facts.js';

export type WriterProvider = 'template' | 'anthropic' | 'openai';

export interface NarrativePrompt {
  system: string;
  user: string;
  maxOutputTokens: number;
}

export interface WriterRequest {
  facts: NarrativeFacts;
  prompt: NarrativePrompt;
}

export interface WriterUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface WriterOutput {
  text: string;
  usage: WriterUsage;
  /** The model that answered (as the API reports it). */
  model: string;
}

export interface NarrativeWriter {
  readonly provider: WriterProvider;
  readonly model: string;
  /** One attempt; rejects with a NarrativeWriterError. `signal` aborts the request. */
  write(request: WriterRequest, signal: AbortSignal): Promise<WriterOutput>;
}

/** What a model adapter is built from. */
export interface ModelWriterOptions {
  apiKey: string;
  model: string;
  /** The SDK's base URL (Anthropic: without /v1; OpenAI: with /v1); unset → the SDK's default. */
  baseURL?: string;
  /** Longest a single request may take, ms. */
  timeoutMs: number;
  /** Turns an HTTP-date retry-after into a delay. */
  clock: Clock;
}
