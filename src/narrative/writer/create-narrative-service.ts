/**
 * The plain composition of the narrative service from the narrative settings, for the app, the
 * CLI and tests alike: the configured writer (template unless a model is chosen), prices, budgets
 * and the spend cap. A model chosen without its key is a ConfigError, as at start-up.
 */
import type { Clock } from '../../common/clock.js';
import { ConfigError } from '../../config/config.js';
import {
  narrativeConfigProblems,
  type NarrativeSettings,
} from '../../config/sections/narrative.js';
import { AnthropicNarrativeWriter } from '../adapters/anthropic.js';
import { OpenAiNarrativeWriter } from '../adapters/openai.js';
import { TemplateNarrativeWriter } from '../adapters/template.js';
import {
  NarrativeService,
  type NarrativeResult,
  type NarrativeServiceLog,
} from './narrative-service.js';
import type { NarrativeStore } from '../store/narrative-store.js';
import type { NarrativeUsageStore, TokenPrices } from './usage.js';
import type { NarrativeWriter, WriterProvider } from './writer-port.js';

/** Injection token of the NarrativeService (for the modules that will provide it). */
export const NARRATIVE_SERVICE = Symbol('NarrativeService');

export interface NarrativeServiceFactoryDeps {
  config: NarrativeSettings;
  clock: Clock;
  usage?: NarrativeUsageStore;
  /** Where every narrative is kept (the app: PostgreSQL). */
  store?: NarrativeStore;
  log?: NarrativeServiceLog;
  onLateNarrative?: (key: string | undefined, result: NarrativeResult) => void;
  /** Replaces the configured writer (tests). */
  writer?: NarrativeWriter;
}

export function createNarrativeService(deps: NarrativeServiceFactoryDeps): NarrativeService {
  const { config, clock } = deps;
  const writer = deps.writer ?? createNarrativeWriter(config, clock);
  return new NarrativeService({
    writer,
    clock,
    settings: {
      budgetMs: config.NARRATIVE_BUDGET_MS,
      reportBudgetMs: config.NARRATIVE_REPORT_BUDGET_MS,
      maxOutputTokens: config.NARRATIVE_MAX_OUTPUT_TOKENS,
      dailySpendCapUsd: config.NARRATIVE_DAILY_SPEND_CAP_USD,
      prices: tokenPrices(config, writer.provider),
      requireApproval: config.NARRATIVE_REQUIRE_APPROVAL,
    },
    ...(deps.usage ? { usage: deps.usage } : {}),
    ...(deps.store ? { store: deps.store } : {}),
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.onLateNarrative ? { onLateNarrative: deps.onLateNarrative } : {}),
  });
}

/** The writer NARRATIVE_WRITER names. */
export function createNarrativeWriter(config: NarrativeSettings, clock: Clock): NarrativeWriter {
  const problems = narrativeConfigProblems(config);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${p.path}: ${p.message}`));
  const provider = config.NARRATIVE_WRITER;
  if (provider === 'template') return new TemplateNarrativeWriter();
  const m = modelSettings(config, provider);
  const options = {
    apiKey: m.apiKey ?? '',
    model: m.model,
    baseURL: m.baseURL,
    timeoutMs: config.NARRATIVE_REQUEST_TIMEOUT_MS,
    clock,
  };
  return provider === 'anthropic'
    ? new AnthropicNarrativeWriter(options)
    : new OpenAiNarrativeWriter(options);
}

/** One provider's key, model, base URL and token prices from the settings. */
function modelSettings(config: NarrativeSettings, provider: 'anthropic' | 'openai') {
  const c = config;
  return provider === 'anthropic'
    ? {
        apiKey: c.ANTHROPIC_API_KEY,
        model: c.ANTHROPIC_MODEL,
        baseURL: c.ANTHROPIC_BASE_URL,
        prices: {
          inputUsdPerMTok: c.ANTHROPIC_INPUT_USD_PER_MTOK,
          outputUsdPerMTok: c.ANTHROPIC_OUTPUT_USD_PER_MTOK,
        },
      }
    : {
        apiKey: c.OPENAI_API_KEY,
        model: c.OPENAI_MODEL,
        baseURL: c.OPENAI_BASE_URL,
        prices: {
          inputUsdPerMTok: c.OPENAI_INPUT_USD_PER_MTOK,
          outputUsdPerMTok: c.OPENAI_OUTPUT_USD_PER_MTOK,
        },
      };
}

function tokenPrices(config: NarrativeSettings, provider: WriterProvider): TokenPrices {
  return provider === 'template'
    ? { inputUsdPerMTok: 0, outputUsdPerMTok: 0 }
    : modelSettings(config, provider).prices;
}
