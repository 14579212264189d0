/**
 * Erasing a subscriber's personal data from what the archive keeps (the privacy delete calls it
 * in the same transaction as the subscriber row's deletion). Their delivery rows and outbox
 * messages, hot and archived, take the subscriber's archive pseudonym (the one the day files
 * already carry, or a new one), lose the address and the unsubscribe link (the text keeps a
 * placeholder where it was); then the pairing subscriber → pseudonym is deleted. The files
 * never held more than the pseudonym, so they stay as they are and verify; a day exported again
 * is the same byte for byte. Signals and the chain hold nothing personal and are not touched.
 */
import { first, type Sql } from '../database/sql.js';
import { ANY_DELIVERY } from './archive-streams.js';
import { NEW_PSEUDONYM, redactedText } from './personal-fields.js';

export interface ErasureResult {
  pseudonym: string;
  deliveries: number;
  messages: number;
}

async function count(sql: Sql, text: string, params: unknown[]): Promise<number> {
  const row = await first<{ n: string }>(sql, text, params);
  return Number(row?.n ?? 0);
}

export async function erasePersonalData(
  sql: Sql,
  subscriberId: string,
  now: number,
): Promise<ErasureResult> {
  await sql.query(
    `INSERT INTO archive_pseudonym (subscriber_id, pseudonym, created_at)
     VALUES ($1, ${NEW_PSEUDONYM}, $2) ON CONFLICT (subscriber_id) DO NOTHING`,
    [subscriberId, new Date(now).toISOString()],
  );
  const row = await first<{ pseudonym: string }>(
    sql,
    `SELECT pseudonym FROM archive_pseudonym WHERE subscriber_id = $1`,
    [subscriberId],
  );
  const pseudonym = row!.pseudonym;
  let messages = 0;
  for (const table of ['outbox_message', 'archive_outbox_message'])
    messages += await count(
      sql,
      `WITH changed AS (
         UPDATE ${table} t SET recipient = $2, body = ${redactedText('t.body', 'd.unsubscribe_url')}
           FROM ${ANY_DELIVERY} d
          WHERE d.id = t.delivery_id AND d.recipient = $1
         RETURNING 1)
       SELECT count(*) AS n FROM changed`,
      [subscriberId, pseudonym],
    );
  let deliveries = 0;
  for (const table of ['delivery', 'archive_delivery'])
    deliveries += await count(
      sql,
      `WITH changed AS (
         UPDATE ${table} t SET recipient = $2, address = NULL, unsubscribe_url = NULL,
                text = ${redactedText('t.text', 't.unsubscribe_url')}
          WHERE t.recipient = $1
         RETURNING 1)
       SELECT count(*) AS n FROM changed`,
      [subscriberId, pseudonym],
    );
  await sql.query(`DELETE FROM archive_pseudonym WHERE subscriber_id = $1`, [subscriberId]);
  return { pseudonym, deliveries, messages };
}
