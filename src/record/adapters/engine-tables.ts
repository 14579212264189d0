/**
 * The engine's signals and paper fills, read by SQL from its tables (engine_signal, engine_fill;
 * migration 1763800300000-engine), hot or moved to their archive_ tables (migration
 * 1765000800000-compliance-archive). Read only.
 */
import type { DataSource } from 'typeorm';
import { msOf, rows } from '../../database/sql.js';
import type {
  PaperFill,
  PaperFillSource,
  StoredSignal,
  StoredSignalSource,
} from '../record-ports.js';

interface FillRow {
  signal_id: string;
  occ_symbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: string;
  reference_price: string;
  client_order_id: string;
  kind: string;
  at: Date;
}

export class EngineSignalTable implements StoredSignalSource {
  constructor(private readonly ds: DataSource) {}

  async signals(ids: string[]): Promise<Map<string, StoredSignal>> {
    const out = new Map<string, StoredSignal>();
    if (!ids.length) return out;
    const found = await rows<StoredSignal>(
      this.ds,
      `SELECT id, status, published, outcome, stop_moves AS "stopMoves" FROM engine_signal
        WHERE id = ANY($1)
       UNION ALL
       SELECT id, status, published, outcome, stop_moves AS "stopMoves" FROM archive_engine_signal
        WHERE id = ANY($1)`,
      [ids],
    );
    for (const s of found) out.set(s.id, s);
    return out;
  }
}

export class EngineFillTable implements PaperFillSource {
  constructor(private readonly ds: DataSource) {}

  async fills(signalIds: string[]): Promise<PaperFill[]> {
    if (!signalIds.length) return [];
    const found = await rows<FillRow>(
      this.ds,
      `WITH f AS (
         SELECT id, signal_id, occ_symbol, side, quantity, price, reference_price, client_order_id,
                kind, at FROM engine_fill WHERE signal_id = ANY($1)
         UNION ALL
         SELECT id, signal_id, occ_symbol, side, quantity, price, reference_price, client_order_id,
                kind, at FROM archive_engine_fill WHERE signal_id = ANY($1))
       SELECT signal_id, occ_symbol, side, quantity, price, reference_price, client_order_id, kind, at
         FROM f ORDER BY at, id`,
      [signalIds],
    );
    return found.map((r) => ({
      signalId: r.signal_id,
      occSymbol: r.occ_symbol,
      side: r.side,
      quantity: r.quantity,
      price: Number(r.price),
      referencePrice: Number(r.reference_price),
      role: r.client_order_id.endsWith(':open') ? 'open' : 'close',
      at: msOf(r.at)!,
    }));
  }
}
