/**
 * What the compliance archive keeps: one stream (one gzip JSON-lines file per day) per table or
 * view of a table. A row belongs to the New York day of its time column; a day's file lists the
 * rows in (time, key) order from the hot table and its archive_ mirror together, so a day reads
 * the same before and after its rows move. Each line is the row as PostgreSQL's to_jsonb writes
 * it (times in UTC), with personal fields pseudonymised (personal-fields.ts).
 */
import { pseudonymOf, redactedText } from './personal-fields.js';

export interface ArchiveStream {
  /** File stem and manifest name. */
  name: string;
  /** The table read (a stream whose table does not exist yet is listed as absent). */
  table: string;
  /** True when rows of `table` move to archive_<table> after ARCHIVE_HOT_DAYS. */
  mirrored: boolean;
  /** What the stream holds, for the manifest's reader. */
  what: string;
  /** `SELECT ts, k, j` over `source` (the table or its mirror) for times in [from, to). */
  select(source: string, from: string, to: string): string;
}

interface Simple {
  name: string;
  table: string;
  time: string;
  key: string;
  mirrored: boolean;
  what: string;
  /** The line's JSON; a function when it reads other tables hot or archived alongside `source`. */
  json?: string | ((source: string) => string);
  join?: (source: string) => string;
}

function jsonOf(s: Simple, source: string): string {
  return typeof s.json === 'function' ? s.json(source) : (s.json ?? 'to_jsonb(t)');
}

/** The archive_ prefix when `source` is an archive table: its children moved with it. */
const mirrorOf = (source: string): string => (source.startsWith('archive_') ? 'archive_' : '');

function simple(s: Simple): ArchiveStream {
  return {
    name: s.name,
    table: s.table,
    mirrored: s.mirrored,
    what: s.what,
    select: (source, from, to) =>
      `SELECT t.${s.time} AS ts, ${s.key} AS k, (${jsonOf(s, source)})::text AS j
         FROM ${source} t ${s.join?.(source) ?? ''}
        WHERE t.${s.time} >= ${from} AND t.${s.time} < ${to}`,
  };
}

const padded = (column: string): string => `lpad(t.${column}::text, 20, '0') COLLATE "C"`;

const DELIVERY_JSON = `to_jsonb(t) || jsonb_build_object(
    'recipient', ${pseudonymOf('t.recipient', 'p.pseudonym')},
    'address', CASE WHEN coalesce(t.recipient, '') = '' THEN to_jsonb(t.address) ELSE NULL END,
    'unsubscribe_url', NULL,
    'text', ${redactedText('t.text', 't.unsubscribe_url')})`;

const OUTBOX_JSON = `to_jsonb(t) || jsonb_build_object(
    'recipient', CASE WHEN coalesce(d.recipient, '') = '' THEN t.recipient
                      ELSE ${pseudonymOf('d.recipient', 'p.pseudonym')} END,
    'body', ${redactedText('t.body', 'd.unsubscribe_url')})`;

/** The delivery a message or alert belongs to, hot or archived. */
export const ANY_DELIVERY = `(SELECT id, recipient, unsubscribe_url FROM delivery
   UNION ALL SELECT id, recipient, unsubscribe_url FROM archive_delivery)`;

export const ARCHIVE_STREAMS: readonly ArchiveStream[] = [
  simple({
    name: 'signals',
    table: 'engine_signal',
    time: 'created_at',
    key: 't.id COLLATE "C"',
    mirrored: true,
    what: 'every signal with its candidate, published form, outcome and status history',
  }),
  simple({
    name: 'explanations',
    table: 'engine_signal',
    time: 'created_at',
    key: 't.id COLLATE "C"',
    mirrored: true,
    what: "each signal's explanation (inputs, risk checks) as stored with it",
    json: `jsonb_build_object('signal_id', t.id, 'created_at', t.created_at, 'explanation', t.explanation)`,
  }),
  simple({
    name: 'risk_verdicts',
    table: 'engine_risk_verdict',
    time: 'evaluated_at',
    key: padded('id'),
    mirrored: true,
    what: 'risk verdicts, accepted and rejected, with every check',
  }),
  simple({
    name: 'orders',
    table: 'engine_position',
    time: 'updated_at',
    key: 't.signal_id COLLATE "C"',
    mirrored: true,
    what: 'paper positions with their orders, placed on the day they last changed',
  }),
  simple({
    name: 'fills',
    table: 'engine_fill',
    time: 'at',
    key: padded('id'),
    mirrored: true,
    what: 'paper fills',
  }),
  simple({
    name: 'overseer_alerts',
    table: 'overseer_alert',
    time: 'at',
    key: padded('id'),
    mirrored: true,
    what: "the overseer's alerts and actions",
  }),
  simple({
    name: 'distribution_events',
    table: 'distribution_event',
    time: 'event_at',
    key: padded('id'),
    mirrored: true,
    what: 'what was distributed: signals, follow-ups, digests, reports',
  }),
  simple({
    name: 'deliveries',
    table: 'delivery',
    time: 'published_at',
    key: padded('id'),
    mirrored: true,
    what: 'every delivery with the exact text sent (recipients as pseudonyms, no addresses)',
    json: DELIVERY_JSON,
    join: () => 'LEFT JOIN archive_pseudonym p ON p.subscriber_id = t.recipient',
  }),
  simple({
    name: 'outbox_messages',
    table: 'outbox_message',
    time: 'created_at',
    key: padded('id'),
    mirrored: true,
    what: 'messages handed to the outbox sender (recipients as pseudonyms)',
    json: OUTBOX_JSON,
    join: () => `LEFT JOIN ${ANY_DELIVERY} d ON d.id = t.delivery_id
      LEFT JOIN archive_pseudonym p ON p.subscriber_id = d.recipient`,
  }),
  simple({
    name: 'distribution_alerts',
    table: 'distribution_alert',
    time: 'at',
    key: padded('id'),
    mirrored: true,
    what: 'delivery alerts (leaks blocked, dead letters)',
  }),
  simple({
    name: 'chain',
    table: 'record_chain',
    time: 'at',
    key: padded('seq'),
    mirrored: false,
    what: 'the track-record hash chain entries (never moved: the chain is append-only)',
  }),
  simple({
    name: 'reports',
    table: 'report',
    time: 'generated_at',
    key: 't.id COLLATE "C"',
    mirrored: true,
    what: 'scheduled reports in full, with every tier rendition and the QA review',
    json: (source) => `to_jsonb(t) || jsonb_build_object(
      'renditions', (SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.tier COLLATE "C"), '[]')
                       FROM ${mirrorOf(source)}report_rendition x WHERE x.report_id = t.id),
      'review', (SELECT to_jsonb(x) FROM ${mirrorOf(source)}report_review x WHERE x.report_id = t.id),
      'review_events', (SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.id), '[]')
                          FROM ${mirrorOf(source)}report_review_event x WHERE x.report_id = t.id))`,
  }),
  simple({
    name: 'narratives',
    table: 'narrative',
    time: 'created_at',
    key: 't.id COLLATE "C"',
    // Kept hot: a narrative awaiting approval must stay reachable, and the rows are few.
    mirrored: false,
    what: "every narrative written: the model's raw text, the fact-check verdict, the text used, tokens and cost, with its approval history (no personal data)",
    json: `to_jsonb(t) || jsonb_build_object(
      'events', (SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.id), '[]')
                   FROM narrative_event x WHERE x.narrative_id = t.id))`,
  }),
];

/** Kept elsewhere or not stored: named in every manifest so a reader knows where to look. */
export const NOT_ARCHIVED: Readonly<Record<string, string>> = {};
