import type { DataSource } from 'typeorm';
import type { Fill } from '../../execution/broker.js';
import type { Position } from '../../execution/positions.js';
import type { EngineRepository, VerdictRecord } from './engine-repository.js';
import type { AlertRecord } from '../../overseer/alerts.js';
import type { SignalRecord } from './lifecycle.js';
import { isoOf, msOf } from '../../database/sql.js';

interface SignalRow {
  id: string;
  status: SignalRecord['status'];
  strategy: SignalRecord['strategy'];
  setup: string;
  symbol: string;
  direction: SignalRecord['direction'];
  candidate: SignalRecord['candidate'];
  published: SignalRecord['published'];
  explanation: SignalRecord['explanation'];
  outcome: SignalRecord['outcome'];
  history: SignalRecord['history'];
  stop_moves: NonNullable<SignalRecord['stopMoves']>;
  created_at: Date;
  updated_at: Date;
}

/** The engine's tables in PostgreSQL (migration 1763800300000-engine), through plain SQL. */
export class PostgresEngineRepository implements EngineRepository {
  constructor(private readonly ds: DataSource) {}

  async nextSignalSequence(day: string): Promise<number> {
    const rows: { last_value: number }[] = await this.ds.query(
      `INSERT INTO engine_signal_sequence (day, last_value) VALUES ($1, 1)
       ON CONFLICT (day) DO UPDATE SET last_value = engine_signal_sequence.last_value + 1
       RETURNING last_value`,
      [day],
    );
    return rows[0].last_value;
  }

  async saveSignal(r: SignalRecord): Promise<void> {
    await this.ds.query(
      `INSERT INTO engine_signal (id, status, strategy, setup, symbol, direction, candidate, published,
         explanation, outcome, history, stop_moves, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, published = EXCLUDED.published,
         explanation = EXCLUDED.explanation, outcome = EXCLUDED.outcome, history = EXCLUDED.history,
         stop_moves = EXCLUDED.stop_moves, updated_at = EXCLUDED.updated_at`,
      [
        r.id,
        r.status,
        r.strategy,
        r.setup,
        r.symbol,
        r.direction,
        JSON.stringify(r.candidate),
        r.published ? JSON.stringify(r.published) : null,
        JSON.stringify(r.explanation),
        r.outcome ? JSON.stringify(r.outcome) : null,
        JSON.stringify(r.history),
        JSON.stringify(r.stopMoves ?? []),
        isoOf(r.createdAt),
        isoOf(r.updatedAt),
      ],
    );
  }

  private toSignal(row: SignalRow): SignalRecord {
    return {
      id: row.id,
      status: row.status,
      strategy: row.strategy,
      setup: row.setup,
      symbol: row.symbol,
      direction: row.direction,
      candidate: row.candidate,
      published: row.published,
      explanation: row.explanation,
      outcome: row.outcome,
      history: row.history,
      // Absent when there are none, as the record was saved (the memory repository's round trip).
      ...(row.stop_moves?.length ? { stopMoves: row.stop_moves } : {}),
      createdAt: msOf(row.created_at)!,
      updatedAt: msOf(row.updated_at)!,
    };
  }

  async getSignal(id: string): Promise<SignalRecord | null> {
    const rows: SignalRow[] = await this.ds.query(`SELECT * FROM engine_signal WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? this.toSignal(rows[0]) : null;
  }

  async listSignals(range: { from?: number; to?: number } = {}): Promise<SignalRecord[]> {
    const rows: SignalRow[] = await this.ds.query(
      `SELECT * FROM engine_signal
       WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at <= $2)
       ORDER BY created_at, id`,
      [isoOf(range.from ?? null), isoOf(range.to ?? null)],
    );
    return rows.map((r) => this.toSignal(r));
  }

  async saveVerdict(v: VerdictRecord): Promise<void> {
    await this.ds.query(
      `INSERT INTO engine_risk_verdict (candidate_key, status, strategy, setup, symbol, quantity, signal_id,
         checks, rejections, evaluated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [
        v.candidateKey,
        v.status,
        v.strategy,
        v.setup,
        v.symbol,
        v.quantity,
        v.signalId,
        JSON.stringify(v.checks),
        JSON.stringify(v.rejections),
        isoOf(v.evaluatedAt),
      ],
    );
  }

  async listVerdicts(
    range: { from?: number; to?: number; status?: VerdictRecord['status'] } = {},
  ): Promise<VerdictRecord[]> {
    const rows: {
      candidate_key: string;
      status: VerdictRecord['status'];
      strategy: VerdictRecord['strategy'];
      setup: string;
      symbol: string;
      quantity: number;
      signal_id: string | null;
      checks: VerdictRecord['checks'];
      rejections: VerdictRecord['rejections'];
      evaluated_at: Date;
    }[] = await this.ds.query(
      `SELECT * FROM engine_risk_verdict
       WHERE ($1::timestamptz IS NULL OR evaluated_at >= $1) AND ($2::timestamptz IS NULL OR evaluated_at <= $2)
         AND ($3::text IS NULL OR status = $3)
       ORDER BY id`,
      [isoOf(range.from ?? null), isoOf(range.to ?? null), range.status ?? null],
    );
    return rows.map((r) => ({
      candidateKey: r.candidate_key,
      status: r.status,
      strategy: r.strategy,
      setup: r.setup,
      symbol: r.symbol,
      quantity: r.quantity,
      signalId: r.signal_id,
      checks: r.checks,
      rejections: r.rejections,
      evaluatedAt: msOf(r.evaluated_at)!,
    }));
  }

  async savePosition(p: Position): Promise<void> {
    await this.ds.query(
      `INSERT INTO engine_position (signal_id, status, strategy, symbol, realized_pnl, opened_at, closed_at, updated_at, data)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
       ON CONFLICT (signal_id) DO UPDATE SET status = EXCLUDED.status, realized_pnl = EXCLUDED.realized_pnl,
         opened_at = EXCLUDED.opened_at, closed_at = EXCLUDED.closed_at, updated_at = EXCLUDED.updated_at,
         data = EXCLUDED.data`,
      [
        p.signalId,
        p.status,
        p.strategy,
        p.symbol,
        p.realizedPnl.toFixed(2),
        isoOf(p.openedAt),
        isoOf(p.closedAt),
        isoOf(p.updatedAt),
        JSON.stringify(p),
      ],
    );
  }

  async listPositions(): Promise<Position[]> {
    const rows: { data: Position }[] = await this.ds.query(
      `SELECT data FROM engine_position ORDER BY opened_at NULLS LAST, signal_id`,
    );
    return rows.map((r) => r.data);
  }

  async saveFill(f: Fill): Promise<void> {
    await this.ds.query(
      `INSERT INTO engine_fill (broker_fill_id, order_id, signal_id, occ_symbol, side, quantity, price,
         reference_price, slippage, kind, client_order_id, at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [
        f.id,
        f.orderId,
        f.signalId,
        f.occSymbol,
        f.side,
        f.quantity,
        f.price,
        f.referencePrice,
        f.slippage,
        f.kind,
        f.clientOrderId,
        isoOf(f.at),
      ],
    );
  }

  async listFills(signalId?: string): Promise<Fill[]> {
    const rows: {
      broker_fill_id: string;
      order_id: string;
      client_order_id: string;
      signal_id: string;
      occ_symbol: string;
      side: Fill['side'];
      quantity: number;
      price: string;
      reference_price: string;
      slippage: number;
      kind: Fill['kind'];
      at: Date;
    }[] = await this.ds.query(
      `SELECT * FROM engine_fill WHERE ($1::text IS NULL OR signal_id = $1) ORDER BY id`,
      [signalId ?? null],
    );
    return rows.map((r) => ({
      id: r.broker_fill_id,
      orderId: r.order_id,
      clientOrderId: r.client_order_id,
      signalId: r.signal_id,
      occSymbol: r.occ_symbol,
      side: r.side,
      quantity: r.quantity,
      price: Number(r.price),
      referencePrice: Number(r.reference_price),
      slippage: r.slippage,
      kind: r.kind,
      at: msOf(r.at)!,
    }));
  }

  async saveAlert(a: AlertRecord): Promise<void> {
    await this.ds.query(
      `INSERT INTO overseer_alert (at, level, kind, action, symbol, strategy, message, context)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [
        isoOf(a.at),
        a.level,
        a.kind,
        a.action,
        a.symbol,
        a.strategy,
        a.message,
        JSON.stringify(a.context),
      ],
    );
  }

  async listAlerts(limit = 100): Promise<AlertRecord[]> {
    const rows: {
      at: Date;
      level: AlertRecord['level'];
      kind: string;
      action: AlertRecord['action'];
      symbol: string | null;
      strategy: string | null;
      message: string;
      context: AlertRecord['context'];
    }[] = await this.ds.query(`SELECT * FROM overseer_alert ORDER BY id DESC LIMIT $1`, [limit]);
    return rows.map((r) => ({
      at: msOf(r.at)!,
      level: r.level,
      kind: r.kind,
      action: r.action,
      symbol: r.symbol,
      strategy: r.strategy,
      message: r.message,
      context: r.context,
    }));
  }
}
