/**
 * What a provider failure means for a recording or a backfill, in words an operator reads:
 * a refused key, a spent quota or a rejected request stop the run (more calls cannot help);
 * server errors, timeouts and bad payloads cost one pull and the run goes on.
 */
import { ProviderError } from '../http/provider-error.js';

const PROVIDER_NAMES: Record<string, { label: string; key: string }> = {
  alphavantage: { label: 'AlphaVantage', key: 'ALPHAVANTAGE_API_KEY' },
  massive: { label: 'Massive', key: 'MASSIVE_API_KEY' },
};

export function providerLabel(name: string): string {
  return PROVIDER_NAMES[name]?.label ?? name;
}

/** True when no further call can succeed: the run stops. */
export function isFatalProviderError(err: unknown): boolean {
  return (
    err instanceof ProviderError &&
    (err.kind === 'auth' || err.kind === 'quota' || err.kind === 'not_found')
  );
}

/** One sentence (no stack, no key) saying what went wrong. */
export function describeProviderFailure(err: unknown): string {
  if (!(err instanceof ProviderError)) return err instanceof Error ? err.message : String(err);
  const names = PROVIDER_NAMES[err.provider] ?? { label: err.provider, key: 'the API key' };
  // The adapter's message starts with the provider name; keep only what follows.
  const said = err.message.replace(new RegExp(`^${err.provider}: `), '');
  switch (err.kind) {
    case 'auth':
      return `${names.label} refused the API key: check ${names.key} (${said}).`;
    case 'quota': {
      // A 429 whose Retry-After is longer than the client waits arrives as this message.
      const wait = /Retry-After of (\d+) ms is too long/.exec(said);
      const why = wait
        ? `HTTP 429 Too Many Requests, asking to wait ${Math.round(Number(wait[1]) / 1000)} s`
        : said;
      return `${names.label}'s call quota is used up for now (${why}); run again when the plan allows more calls.`;
    }
    case 'not_found':
      return `${names.label} has no such data (${said}).`;
    case 'bad_request':
      return `${names.label} rejected the request (${said}).`;
    case 'server':
      return `${names.label} answered with a server error after retries (${said}).`;
    case 'timeout':
    case 'network':
      return `${names.label} could not be reached (${said}).`;
    case 'circuit_open':
      return `${names.label} failed too often in a row, so calls are paused for a while (${said}).`;
    default:
      return `${names.label} sent data that could not be read (${said}).`;
  }
}
