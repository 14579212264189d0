import { z } from 'zod';
import { bool, int, num } from '../schema-helpers.js';

/**
 * The narrative writer: which writer (template by default; a model needs its key), the time budget
 * a signal may wait for a model, the request timeout, token prices and the daily spend cap.
 */
export const narrativeConfig = z.object({
  NARRATIVE_WRITER: z
    .enum(['template', 'anthropic', 'openai'])
    .default('template')
    .describe(
      'Narrative writer: template (no model), anthropic or openai (template is the fallback).',
    ),
  ANTHROPIC_API_KEY: z
    .string()
    .optional()
    .describe('Anthropic API key (NARRATIVE_WRITER=anthropic).'),
  ANTHROPIC_BASE_URL: z
    .string()
    .url()
    .optional()
    .describe(
      'Anthropic API base URL without /v1 (a local fake in tests); unset → the SDK default.',
    ),
  ANTHROPIC_MODEL: z
    .string()
    .default('claude-sonnet-5')
    .describe('Anthropic model of the narratives.'),
  ANTHROPIC_INPUT_USD_PER_MTOK: num(3, 'Anthropic model price, USD per million input tokens.', {
    min: 0,
  }),
  ANTHROPIC_OUTPUT_USD_PER_MTOK: num(15, 'Anthropic model price, USD per million output tokens.', {
    min: 0,
  }),
  OPENAI_API_KEY: z.string().optional().describe('OpenAI API key (NARRATIVE_WRITER=openai).'),
  OPENAI_BASE_URL: z
    .string()
    .url()
    .optional()
    .describe('OpenAI API base URL with /v1 (a local fake in tests); unset → the SDK default.'),
  OPENAI_MODEL: z.string().default('gpt-4o-mini').describe('OpenAI model of the narratives.'),
  OPENAI_INPUT_USD_PER_MTOK: num(0.15, 'OpenAI model price, USD per million input tokens.', {
    min: 0,
  }),
  OPENAI_OUTPUT_USD_PER_MTOK: num(0.6, 'OpenAI model price, USD per million output tokens.', {
    min: 0,
  }),
  NARRATIVE_BUDGET_MS: int(
    2_000,
    'Longest a signal waits for a model narrative (engine ms); past it the template text goes out and the model text may follow as an update.',
    { min: 0 },
  ),
  NARRATIVE_REPORT_BUDGET_MS: int(
    15_000,
    'Longest a report or operator alert waits for a model narrative (engine ms).',
    { min: 0 },
  ),
  NARRATIVE_REQUEST_TIMEOUT_MS: int(
    20_000,
    'Longest one model request may run (a late text after the budget can still arrive until then).',
    { min: 100 },
  ),
  NARRATIVE_MAX_OUTPUT_TOKENS: int(300, 'Output token limit of one narrative.', { min: 16 }),
  NARRATIVE_REQUIRE_APPROVAL: bool(
    false,
    "A Premium model narrative that passed the fact check waits for an editor's approval in Content QA; the signal goes out with the template text and the approved text follows as an update (Basic and Free keep the template text).",
  ),
  NARRATIVE_DAILY_SPEND_CAP_USD: num(
    5,
    'Model spend per New York day; over it narratives use the template. 0 = no model calls.',
    { min: 0 },
  ),
});

export type NarrativeSettings = z.infer<typeof narrativeConfig>;

/**
 * Problems that span keys (a chosen model without its key), for the schema's whole-config check so
 * they are listed with every other problem.
 */
export function narrativeConfigProblems(
  config: Partial<Record<'NARRATIVE_WRITER' | 'ANTHROPIC_API_KEY' | 'OPENAI_API_KEY', unknown>>,
): { path: string; message: string }[] {
  if (config.NARRATIVE_WRITER === 'anthropic' && !config.ANTHROPIC_API_KEY)
    return [{ path: 'ANTHROPIC_API_KEY', message: 'required when NARRATIVE_WRITER=anthropic' }];
  if (config.NARRATIVE_WRITER === 'openai' && !config.OPENAI_API_KEY)
    return [{ path: 'OPENAI_API_KEY', message: 'required when NARRATIVE_WRITER=openai' }];
  return [];
}
