/**
 * Moves hot rows older than ARCHIVE_HOT_DAYS into the archive_ tables, a New York day at a time:
 * first the day is exported again (final: its rows will not change any more), then every table's
 * rows of that day move in ONE transaction (DELETE … RETURNING feeding INSERT), so a crash
 * anywhere leaves each day either wholly hot or wholly moved, and running again picks up where
 * it stopped. Only settled rows move: signals no longer live, closed positions, distribution
 * events with no delivery still scheduled or sending (with their deliveries, outbox messages and
 * alerts, whatever their own times), and reports no longer waiting to be sent (held, or sent,
 * with their renditions and review). The record_chain is never moved.
 */
import type { DataSource } from 'typeorm';
import { first, rows, type Sql } from '../database/sql.js';
import { dayWindow, nyDateOf } from './archive-days.js';

/** A table whose rows move on their own, by the day of `time`, when `settled`. */
interface OwnDayTable {
  table: string;
  time: string;
  settled: string;
}

const OWN_DAY: readonly OwnDayTable[] = [
  {
    table: 'engine_signal',
    time: 'created_at',
    settled: `t.status NOT IN ('published', 'active')`,
  },
  { table: 'engine_risk_verdict', time: 'evaluated_at', settled: 'true' },
  { table: 'engine_position', time: 'updated_at', settled: `t.status = 'closed'` },
  { table: 'engine_fill', time: 'at', settled: 'true' },
  { table: 'overseer_alert', time: 'at', settled: 'true' },
  { table: 'distribution_alert', time: 'at', settled: 't.delivery_id IS NULL' },
  {
    table: 'distribution_event',
    time: 'event_at',
    settled: `NOT EXISTS (SELECT 1 FROM delivery d
               WHERE d.event_id = t.id AND d.status IN ('scheduled', 'sending'))`,
  },
  {
    // A report the QA gate still holds for review or sending (report_review's "due" rows) stays.
    table: 'report',
    time: 'generated_at',
    settled: `NOT EXISTS (SELECT 1 FROM report_review r
               WHERE r.report_id = t.id AND r.sent_at IS NULL AND r.status <> 'held')`,
  },
];

/** Tables whose rows move with a parent's (children first: the foreign keys hold throughout). */
const WITH_PARENT = {
  distribution_event: ['outbox_message', 'distribution_alert', 'delivery'],
  report: ['report_review_event', 'report_rendition', 'report_review'],
} as const;

export const MOVED_TABLES = [
  ...OWN_DAY.map((t) => t.table),
  'delivery',
  'outbox_message',
  'report_review_event',
  'report_rendition',
  'report_review',
] as const;

/** Key pair of the advisory lock a day's move holds (two workers never move the same rows). */
const MOVE_LOCK = '4744, 2';

const lit = (ms: number): string => `'${new Date(ms).toISOString()}'::timestamptz`;

export interface MoveHooks {
  /** Tests: called after each statement of a day's move (throw to simulate a crash). */
  afterStatement?: (day: string, table: string) => void | Promise<void>;
}

export interface MovedDay {
  date: string;
  moved: Record<string, number>;
}

/** Adds to archive_<table> any column its hot table gained since (nullable, same type). */
async function syncColumns(sql: Sql, table: string): Promise<string[]> {
  const cols = await rows<{ name: string; type: string; archived: boolean }>(
    sql,
    `SELECT h.attname AS name, format_type(h.atttypid, h.atttypmod) AS type,
            EXISTS (SELECT 1 FROM pg_attribute a
                     WHERE a.attrelid = ('archive_' || $1)::regclass AND a.attname = h.attname
                       AND a.attnum > 0 AND NOT a.attisdropped) AS archived
       FROM pg_attribute h
      WHERE h.attrelid = $1::regclass AND h.attnum > 0 AND NOT h.attisdropped
      ORDER BY h.attnum`,
    [table],
  );
  for (const c of cols.filter((c) => !c.archived))
    await sql.query(`ALTER TABLE archive_${table} ADD COLUMN "${c.name}" ${c.type}`);
  return cols.map((c) => `"${c.name}"`);
}

async function moveRows(
  sql: Sql,
  table: string,
  columns: string[],
  where: string,
  params: unknown[] = [],
): Promise<number> {
  const list = columns.join(', ');
  const row = await first<{ n: string }>(
    sql,
    `WITH moved AS (DELETE FROM ${table} t WHERE ${where} RETURNING t.*),
          kept AS (INSERT INTO archive_${table} (${list}) SELECT ${list} FROM moved RETURNING 1)
     SELECT count(*) AS n FROM kept`,
    params,
  );
  return Number(row?.n ?? 0);
}

export class HotMover {
  constructor(
    private readonly ds: DataSource,
    private readonly hooks: MoveHooks = {},
  ) {}

  /** The first day with settled hot rows in [after, before), or null. */
  async nextDay(after: number, before: number): Promise<string | null> {
    const parts = OWN_DAY.map(
      (t) =>
        `SELECT min(t.${t.time}) AS m FROM ${t.table} t
          WHERE t.${t.time} >= ${lit(after)} AND t.${t.time} < ${lit(before)} AND ${t.settled}`,
    );
    const row = await first<{ m: Date | null }>(
      this.ds,
      `SELECT min(m) AS m FROM (${parts.join(' UNION ALL ')}) u`,
    );
    return row?.m ? nyDateOf(new Date(row.m).getTime()) : null;
  }

  /** Moves one day's settled rows in one transaction; returns the rows moved per table. */
  async moveDay(date: string): Promise<MovedDay> {
    const w = dayWindow(date);
    const inDay = (time: string): string =>
      `t.${time} >= ${lit(w.from)} AND t.${time} < ${lit(w.to)}`;
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${MOVE_LOCK})`);
      const moved: Record<string, number> = {};
      const step = async (table: string, where: string, params: unknown[] = []) => {
        const columns = await syncColumns(tx, table);
        moved[table] = (moved[table] ?? 0) + (await moveRows(tx, table, columns, where, params));
        await this.hooks.afterStatement?.(date, table);
      };
      const settledIds = async (table: keyof typeof WITH_PARENT): Promise<string[]> => {
        const t = OWN_DAY.find((x) => x.table === table)!;
        const found = await rows<{ id: string }>(
          tx,
          `SELECT t.id FROM ${table} t WHERE ${inDay(t.time)} AND ${t.settled} FOR UPDATE`,
        );
        return found.map((r) => r.id);
      };
      const events = await settledIds('distribution_event');
      const ofEvents = `t.delivery_id IN (SELECT id FROM delivery WHERE event_id = ANY($1::bigint[]))`;
      // Children before parents: the hot tables' foreign keys hold at every statement.
      await step('outbox_message', ofEvents, [events]);
      await step('distribution_alert', ofEvents, [events]);
      await step('delivery', 't.event_id = ANY($1::bigint[])', [events]);
      await step('distribution_event', 't.id = ANY($1::bigint[])', [events]);
      const reports = await settledIds('report');
      for (const child of WITH_PARENT.report)
        await step(child, 't.report_id = ANY($1::text[])', [reports]);
      await step('report', 't.id = ANY($1::text[])', [reports]);
      for (const t of OWN_DAY.filter((t) => !(t.table in WITH_PARENT)))
        await step(t.table, `${inDay(t.time)} AND ${t.settled}`);
      return { date, moved };
    });
  }
}
