/**
 * Why a provider call failed, in terms the ingest loop acts on: `quota` waits, `auth` needs an
 * operator, `schema`/`malformed` are recorded as anomalies, the rest are transient.
 */
export type ProviderErrorKind =
  | 'quota'
  | 'auth'
  | 'bad_request'
  | 'not_found'
  | 'server'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'schema'
  | 'circuit_open'
  | 'unsupported';

export class ProviderError extends Error {
  readonly provider: string;
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  /** Where in the payload a schema problem is, e.g. `data.3.strike`. */
  readonly path?: string;
  readonly detail?: Record<string, unknown>;

  constructor(
    provider: string,
    kind: ProviderErrorKind,
    message: string,
    extra: {
      status?: number;
      path?: string;
      detail?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(
      `${provider}: ${message}`,
      extra.cause === undefined ? undefined : { cause: extra.cause },
    );
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = kind;
    this.status = extra.status;
    this.path = extra.path;
    this.detail = extra.detail;
  }

  /** A payload problem (whole-payload anomaly) rather than a transport problem. */
  get isPayloadProblem(): boolean {
    return this.kind === 'schema' || this.kind === 'malformed';
  }
}
