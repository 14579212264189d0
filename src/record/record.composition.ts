/**
 * The record's services from a deps object: the app module, the CLI, the demo and tests build
 * them the same way.
 */
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import type { RecordConfig } from '../config/slices.js';
import { EngineFillTable, EngineSignalTable } from './adapters/engine-tables.js';
import { DeliveryLedgerTimes } from './adapters/delivery-times.js';
import { QuoteTable } from './adapters/quote-table.js';
import type { TierDelays } from './canonical.js';
import { backfillChain, missingEntries } from './chain-backfill.js';
import type { EntryPayload } from './canonical.js';
import { ChainRecorder, type RecorderLog } from './chain-recorder.js';
import { ChainStore, payloadOf } from './chain-store.js';
import { ChainVerifier } from './chain-verifier.js';
import { chainedSignal, tierTrades } from './track-record.js';
import { summarise, type TrackRecordSummary } from './track-record-summary.js';
import type {
  DeliveryTimeSource,
  PaperFillSource,
  QuoteTape,
  StoredSignalSource,
} from './record-ports.js';

/** A reader acts on quotes at most this old at the moment the signal reaches them. */
const QUOTE_MAX_AGE_MS = 120_000;

export interface RecordDeps {
  dataSource: DataSource;
  clock: Clock;
  config: RecordConfig;
  log?: RecorderLog;
  alert?: (message: string, detail: Record<string, unknown>) => void;
  /** Overrides of the table adapters (tests). */
  signals?: StoredSignalSource;
  fills?: PaperFillSource;
  deliveries?: DeliveryTimeSource;
  quotes?: QuoteTape;
}

export interface RecordServices {
  store: ChainStore;
  recorder: ChainRecorder;
  verifier: ChainVerifier;
  signals: StoredSignalSource;
  trackRecord: (range?: { from?: number; to?: number }) => Promise<TrackRecordSummary>;
  /** Entries stored signals call for that the chain lacks (lost in a crash), oldest first. */
  missing: () => Promise<EntryPayload[]>;
  /** Appends those entries; returns them. */
  backfill: () => Promise<EntryPayload[]>;
}

export function tierDelaysFromConfig(config: RecordDeps['config']): TierDelays {
  return {
    premium: config.DISTRIBUTION_DELAY_PREMIUM_S * 1000,
    basic: config.DISTRIBUTION_DELAY_BASIC_S * 1000,
    free: config.DISTRIBUTION_DELAY_FREE_S * 1000,
  };
}

const stderrLog: RecorderLog = {
  warn: (d, m) => void process.stderr.write(`${JSON.stringify({ level: 40, ...d, msg: m })}\n`),
  error: (d, m) => void process.stderr.write(`${JSON.stringify({ level: 50, ...d, msg: m })}\n`),
};

export function createRecordServices(deps: RecordDeps): RecordServices {
  const ds = deps.dataSource;
  const store = new ChainStore(ds);
  const signals = deps.signals ?? new EngineSignalTable(ds);
  const fills = deps.fills ?? new EngineFillTable(ds);
  const deliveries = deps.deliveries ?? new DeliveryLedgerTimes(ds);
  const quotes = deps.quotes ?? new QuoteTable(ds);
  const delays = tierDelaysFromConfig(deps.config);
  const recorder = new ChainRecorder({
    store,
    quotes,
    clock: deps.clock,
    delays,
    log: deps.log ?? stderrLog,
    alert: deps.alert,
  });
  const trackRecord = async (
    range: { from?: number; to?: number } = {},
  ): Promise<TrackRecordSummary> => {
    const entries = await store.all(range);
    const chained = entries
      .filter((e) => e.kind === 'published')
      .map((e) => chainedSignal(payloadOf(e)));
    const ids = chained.map((s) => s.signalId);
    const result = await tierTrades({
      signals: chained,
      fills: await fills.fills(ids),
      deliveries: await deliveries.firstSent(ids),
      quotesAt: (s, at) =>
        quotes.quotesAt(
          s.legs.map((l) => l.occSymbol),
          at,
          QUOTE_MAX_AGE_MS,
        ),
    });
    return summarise(chained.length, result, delays, await store.head(), deps.clock.now());
  };
  return {
    store,
    recorder,
    verifier: new ChainVerifier(store, signals),
    signals,
    trackRecord,
    missing: () => missingEntries(ds, delays, deps.clock.now()),
    backfill: () => backfillChain(ds, store, delays, deps.clock.now()),
  };
}
