/**
 * Where adapters hand what they see besides the snapshot: every raw payload (archived before it is
 * parsed, so a bad one can be inspected) and whole-payload anomalies. Implementations never throw
 * into the adapter: storage trouble must not stop ingestion.
 */
export interface RawPayloadRecord {
  source: string;
  symbol: string;
  /** What was pulled: chain, chain-page, historical-chain, intraday, indicator:RSI, macro:CPI, … */
  kind: string;
  fetchedAtMs: number;
  body: string;
}

export interface AnomalyRecord {
  source: string;
  symbol: string | null;
  atMs: number;
  /** Short machine-readable reason, e.g. schema, malformed, quota, empty_chain. */
  reason: string;
  /** Where in the payload, e.g. data.0.strike. */
  path: string | null;
  detail: Record<string, unknown>;
}

export interface RawPayloadSink {
  record(payload: RawPayloadRecord): void;
}

export interface AnomalySink {
  record(anomaly: AnomalyRecord): void;
}

export interface IngestSinks {
  raw?: RawPayloadSink;
  anomalies?: AnomalySink;
}
