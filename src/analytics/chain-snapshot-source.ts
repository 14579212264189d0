/**
 * The port analytics is fed through: a source of validated chain snapshots with the symbol's
 * market events since its previous chain. Market data's IngestService is the one in the app;
 * without it (analytics alone, tests) the port is null and analytics is fed by calls to ingest().
 */
import type { SnapshotHandler } from '../market-data/ingest.service.js';

export interface ChainSnapshotSource {
  /** Subscribes; returns the unsubscribe function. */
  onSnapshot(handler: SnapshotHandler): () => void;
}

export const CHAIN_SNAPSHOT_SOURCE = Symbol('CHAIN_SNAPSHOT_SOURCE');
