import { channelCredentialFindings } from './channel-credentials.js';
import { feedCadenceWarnings } from './feed-cadence.js';
import { misspeltVariables } from './misspelt-variables.js';
import { configSchema, type AppConfig } from './schema.js';
import { subscriberConfigProblems } from './sections/subscribers.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Settings that no longer exist, with what replaced them: setting one fails start-up. */
const REMOVED_SETTINGS: Record<string, string> = {
  ENGINE_STRATEGIES:
    'removed; use STRATEGIES_ENABLED (the strategies to run, "all" or a comma list)',
};

/**
 * Validates an environment and returns the typed config, or throws ConfigError listing
 * every problem at once. Empty strings count as unset.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const problems = Object.keys(REMOVED_SETTINGS)
    .filter((k) => k in cleaned)
    .map((k) => `${k}: ${REMOVED_SETTINGS[k]}`);
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success)
    problems.push(
      ...parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  problems.push(...channelCredentialFindings(cleaned).problems);
  problems.push(...subscriberConfigProblems(cleaned));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const config = parsed.data;
  config.QUEUE_PREFIX ||= defaultQueuePrefix(config.DATABASE_URL);
  return config;
}

/**
 * Bull job ids are the database's own ids, so two deployments sharing one Redis must not share
 * keys: by default the prefix names the database (`gammadesk:<name>`; `gammadesk:embedded`).
 */
export function defaultQueuePrefix(databaseUrl: string | undefined): string {
  if (!databaseUrl) return 'gammadesk:embedded';
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  return `gammadesk:${name || 'postgres'}`;
}

/**
 * What start-up should warn about in an environment that loads: variables that look like
 * misspellings of ours, (outside production) half-configured channels, and engine symbols pulled
 * less often than the overseer's data-age limit.
 */
export function configWarnings(env: Record<string, string | undefined>): string[] {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = configSchema.safeParse(cleaned);
  return [
    ...misspeltVariables(cleaned, Object.keys(configSchema.shape)),
    ...channelCredentialFindings(cleaned).warnings,
    ...(parsed.success ? feedCadenceWarnings(parsed.data) : []),
  ];
}

/** configWarnings of this process's environment. */
export function processConfigWarnings(): string[] {
  return configWarnings(process.env);
}

/**
 * The only place that reads process.env: `defaults` sit under the environment, `overrides` above it.
 */
export function loadConfigFromProcess(
  overrides: Record<string, string | undefined> = {},
  defaults: Record<string, string> = {},
): AppConfig {
  const env: Record<string, string | undefined> = { ...defaults };
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && v !== '') env[k] = v;
  return loadConfig({ ...env, ...overrides });
}

export const APP_CONFIG = Symbol('AppConfig');
