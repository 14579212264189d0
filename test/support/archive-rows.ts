/**
 * Rows for the compliance archive's tests beside the record day (test/support/record-tables.ts):
 * risk verdicts (accepted and rejected), an overseer alert, a closed position, and one
 * subscriber's email delivery with the exact text sent (their unsubscribe link inside), its
 * outbox message and a delivery alert.
 */
import type { DataSource } from 'typeorm';
import type { Clock } from '../../src/common/clock.js';
import { createRecordServices } from '../../src/record/record.composition.js';
import { T0 } from './record-day.js';
import { chainDay, insertRecordDay } from './record-tables.js';

export const SUBSCRIBER_ID = '7d1c1f0e-6a39-4c1e-9d1b-2f6f0b1a9c41';
export const SUBSCRIBER_EMAIL = 'reader@example.com';
export const UNSUBSCRIBE_URL = `https://gammadesk.example/unsubscribe?t=tok-${SUBSCRIBER_ID}`;

const iso = (ms: number): string => new Date(ms).toISOString();

export async function insertSubscriber(ds: DataSource, at: number): Promise<void> {
  await ds.query(
    `INSERT INTO subscriber (id, email, email_status, tier, preferences, created_at, updated_at)
     VALUES ($1, $2, 'verified', 'premium', '{}', $3, $3)`,
    [SUBSCRIBER_ID, SUBSCRIBER_EMAIL, iso(at)],
  );
}

/** The engine's and the overseer's rows of a day at `at`. */
export async function insertEngineRows(ds: DataSource, at: number, tag: string): Promise<void> {
  for (const status of ['accepted', 'rejected'])
    await ds.query(
      `INSERT INTO engine_risk_verdict (candidate_key, status, strategy, setup, symbol, quantity,
         signal_id, checks, rejections, evaluated_at)
       VALUES ($1, $2, 'gamma_scalp_0dte', 'test', 'SPY', 1, NULL, '[]', $3, $4)`,
      [`${tag}-${status}`, status, status === 'rejected' ? '["max_loss"]' : '[]', iso(at)],
    );
  await ds.query(
    `INSERT INTO overseer_alert (at, level, kind, action, message) VALUES ($1, 'warn', 'drawdown', 'none', $2)`,
    [iso(at), `alert ${tag}`],
  );
  await ds.query(
    `INSERT INTO engine_position (signal_id, status, strategy, symbol, realized_pnl, opened_at,
       closed_at, updated_at, data)
     VALUES ($1, 'closed', 'gamma_scalp_0dte', 'SPY', 12.5, $2, $2, $2, '{"orders":[]}')`,
    [`POS-${tag}`, iso(at)],
  );
}

/** One email to the subscriber of the signal `signalId` at `at`, sent, with its outbox copy. */
export async function insertEmailDelivery(
  ds: DataSource,
  signalId: string,
  at: number,
): Promise<string> {
  const [{ id: eventId }] = (await ds.query(
    `INSERT INTO distribution_event (signal_id, kind, signal, event_at)
     VALUES ($1, 'closed', '{}', $2) RETURNING id`,
    [signalId, iso(at)],
  )) as { id: string }[];
  const text = `${signalId} closed.\nUnsubscribe: ${UNSUBSCRIBE_URL}`;
  const [{ id }] = (await ds.query(
    `INSERT INTO delivery (event_id, signal_id, kind, tier, channel, recipient, address,
       unsubscribe_url, published_at, promised_at, job_key, status, sent_at, text)
     VALUES ($1, $2, 'closed', 'premium', 'email', $3, $4, $5, $6, $6, $7, 'sent', $6, $8)
     RETURNING id`,
    [
      eventId,
      signalId,
      SUBSCRIBER_ID,
      SUBSCRIBER_EMAIL,
      UNSUBSCRIBE_URL,
      iso(at),
      `job-${eventId}`,
      text,
    ],
  )) as { id: string }[];
  await ds.query(
    `INSERT INTO outbox_message (delivery_id, channel, tier, recipient, subject, body, created_at)
     VALUES ($1, 'email', 'premium', $2, 'Closed', $3, $4)`,
    [id, SUBSCRIBER_EMAIL, text, iso(at)],
  );
  await ds.query(
    `INSERT INTO distribution_alert (delivery_id, kind, detail, at) VALUES ($1, 'slow', '{}', $2)`,
    [id, iso(at)],
  );
  return id;
}

/**
 * A report made at `at` with two tier renditions, its QA review in `status` (sent unless
 * pending) and one review event.
 */
export async function insertReport(
  ds: DataSource,
  id: string,
  at: number,
  status: 'pending' | 'approved' | 'held',
): Promise<void> {
  const date = new Date(at).toISOString().slice(0, 10);
  await ds.query(
    `INSERT INTO report (id, date, type, generated_at, content) VALUES ($1, $2, 'close', $3, $4)`,
    [id, date, iso(at), JSON.stringify({ id, headline: `Close report ${date}` })],
  );
  for (const tier of ['premium', 'basic'])
    await ds.query(
      `INSERT INTO report_rendition (report_id, tier, html, text, chat, teaser, levels, tradingview, charts)
       VALUES ($1, $2, '<p>report</p>', 'report', 'chat', NULL, '{}', '', '[]')`,
      [id, tier],
    );
  await ds.query(
    `INSERT INTO report_review (report_id, date, type, status, created_at, decided_at, decided_by, sent_at)
     VALUES ($1, $2, 'close', $3, $4, $5, $6, $7)`,
    [
      id,
      date,
      status,
      iso(at),
      status === 'pending' ? null : iso(at + 60_000),
      status === 'pending' ? null : 'admin',
      status === 'approved' ? iso(at + 120_000) : null,
    ],
  );
  await ds.query(
    `INSERT INTO report_review_event (report_id, at, action, by) VALUES ($1, $2, 'created', 'system')`,
    [id, iso(at)],
  );
}

/**
 * The recorded day at T0 both archive suites export: the record day and its chain, the
 * subscriber, the engine's rows (`d1`) and the subscriber's email of SIG-20260302-001.
 */
export async function insertArchiveDay(ds: DataSource, clock: Clock): Promise<void> {
  await insertRecordDay(ds);
  const record = createRecordServices({
    dataSource: ds,
    clock,
    config: {
      DISTRIBUTION_DELAY_PREMIUM_S: 0,
      DISTRIBUTION_DELAY_BASIC_S: 60,
      DISTRIBUTION_DELAY_FREE_S: 300,
    },
  });
  await chainDay(record.store, T0);
  await insertSubscriber(ds, T0);
  await insertEngineRows(ds, T0, 'd1');
  await insertEmailDelivery(ds, 'SIG-20260302-001', T0 + 3_600_000);
}
