/**
 * Exports one New York day: per stream a gzip JSON-lines file, then the day's manifest (row
 * counts, SHA-256 of each file and of its uncompressed lines). Everything is read in one
 * REPEATABLE READ transaction (one snapshot) by COPY … TO STDOUT, which streams the lines
 * PostgreSQL writes straight into the hash and gzip with back-pressure, so a day of a million
 * deliveries never sits in memory and no row is parsed in Node. Each export writes files of its own
 * (`<stream>.<generation>.jsonl.gz`), then the manifest naming them, then removes the day's
 * files no manifest names: a crash at any point leaves the previous manifest and its files
 * intact, and running the export again writes the same contents (same checksums).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';
import { rows, type Sql } from '../database/sql.js';
import type { ArchiveSink } from './archive-sink.js';
import { ARCHIVE_STREAMS, NOT_ARCHIVED, type ArchiveStream } from './archive-streams.js';
import { dayWindow } from './archive-days.js';
import { MANIFEST_FILE, MANIFEST_FORMAT, type DayManifest, type ManifestFile } from './manifest.js';
import { NEW_PSEUDONYM } from './personal-fields.js';

const GZIP_LEVEL = 6;
/** zlib's output chunk: larger than the 16 KiB default, fewer hops through the stream chain. */
const GZIP_CHUNK = 256 * 1024;

export interface DayExportOptions {
  /** Exported when the day's rows move out of the hot tables (no later change expected). */
  final?: boolean;
  /** Tests: called after each stream's file is committed. */
  afterFile?: (stream: string) => void | Promise<void>;
}

/** Tables that exist in the current schema (streams of tables not created yet are skipped). */
async function existingTables(sql: Sql, names: string[]): Promise<Set<string>> {
  const found = await rows<{ name: string }>(
    sql,
    `SELECT c.relname AS name FROM pg_class c
       WHERE c.relname = ANY($1) AND c.relkind IN ('r', 'p', 'v')
         AND c.relnamespace = current_schema()::regnamespace`,
    [names],
  );
  return new Set(found.map((r) => r.name));
}

/** Gives every subscriber seen in the day's deliveries a pseudonym (before the rows are read). */
async function ensurePseudonyms(sql: Sql, from: string, to: string, now: string): Promise<void> {
  for (const table of ['delivery', 'archive_delivery'])
    await sql.query(
      `INSERT INTO archive_pseudonym (subscriber_id, pseudonym, created_at)
       SELECT r.recipient, ${NEW_PSEUDONYM}, '${now}'::timestamptz
         FROM (SELECT DISTINCT recipient FROM ${table}
                WHERE published_at >= ${from} AND published_at < ${to}
                  AND recipient <> '' AND recipient NOT LIKE 'anon-%') r
        WHERE NOT EXISTS (SELECT 1 FROM archive_pseudonym p WHERE p.subscriber_id = r.recipient)
       ON CONFLICT (subscriber_id) DO NOTHING`,
    );
}

function streamQuery(s: ArchiveStream, from: string, to: string): string {
  const parts = [s.select(s.table, from, to)];
  if (s.mirrored) parts.push(s.select(`archive_${s.table}`, from, to));
  return `SELECT j FROM (${parts.join('\nUNION ALL\n')}) u ORDER BY ts, k`;
}

/**
 * COPY options that write each row's one column exactly as it is, one line per row: CSV quotes
 * a field only when it holds the delimiter, the quote character or a line break, and JSON text
 * from PostgreSQL holds none of these (control characters are escaped as \u00XX).
 */
const RAW_LINES = `WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')`;

/** A transaction's own connection, which COPY … TO STDOUT streams through. */
type CopyOut = (sql: string) => Readable;

/** Counts the lines (rows) and hashes the uncompressed bytes on their way to gzip. */
function contentTap(): Transform & { rows: number; sha256: () => string } {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) tap.rows++;
      done(null, chunk);
    },
  }) as Transform & { rows: number; sha256: () => string };
  tap.rows = 0;
  tap.sha256 = () => hash.digest('hex');
  return tap;
}

/** Streams one query's lines through gzip into the sink; returns the file's manifest entry. */
async function writeStream(
  copyOut: CopyOut,
  sink: ArchiveSink,
  key: string,
  s: ArchiveStream,
  query: string,
): Promise<ManifestFile> {
  const pending = await sink.create(key);
  const fileHash = createHash('sha256');
  let bytes = 0;
  const content = contentTap();
  const fileTap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      fileHash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    // PostgreSQL writes the lines and Node only hashes and compresses them: no row is parsed.
    await pipeline(
      copyOut(`COPY (${query}) TO STDOUT ${RAW_LINES}`),
      content,
      createGzip({ level: GZIP_LEVEL, chunkSize: GZIP_CHUNK }),
      fileTap,
      pending.stream,
    );
    await pending.commit();
  } catch (err) {
    await pending.abort();
    throw err;
  }
  return {
    stream: s.name,
    table: s.table,
    what: s.what,
    file: key.slice(key.indexOf('/') + 1),
    rows: content.rows,
    bytes,
    sha256: fileHash.digest('hex'),
    contentSha256: content.sha256(),
  };
}

/** COPY through the connection of the transaction `tx` runs on. */
async function copyOutOf(tx: EntityManager): Promise<CopyOut> {
  const client = (await tx.queryRunner!.connect()) as PoolClient;
  return (sql) => client.query(copyTo(sql));
}

export async function exportDay(
  ds: DataSource,
  sink: ArchiveSink,
  date: string,
  now: number,
  retentionYears: number,
  options: DayExportOptions = {},
): Promise<DayManifest> {
  const w = dayWindow(date);
  const from = `'${new Date(w.from).toISOString()}'::timestamptz`;
  const to = `'${new Date(w.to).toISOString()}'::timestamptz`;
  const nowIso = new Date(now).toISOString();
  await ensurePseudonyms(ds, from, to, nowIso);
  return ds.transaction('REPEATABLE READ', async (tx) => {
    await tx.query(`SET LOCAL TimeZone = 'UTC'`);
    const copyOut = await copyOutOf(tx);
    const present = await existingTables(tx, [...new Set(ARCHIVE_STREAMS.map((s) => s.table))]);
    const files: ManifestFile[] = [];
    const absent: string[] = [];
    const generation = randomBytes(4).toString('hex');
    for (const s of ARCHIVE_STREAMS) {
      if (!present.has(s.table)) {
        absent.push(s.name);
        continue;
      }
      files.push(
        await writeStream(
          copyOut,
          sink,
          `${date}/${s.name}.${generation}.jsonl.gz`,
          s,
          streamQuery(s, from, to),
        ),
      );
      await options.afterFile?.(s.name);
    }
    const manifest: DayManifest = {
      format: MANIFEST_FORMAT,
      date,
      window: { from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() },
      exportedAt: nowIso,
      final: options.final ?? false,
      retainUntil: w.retainUntil(retentionYears),
      files,
      absent,
      notArchived: NOT_ARCHIVED,
    };
    const pending = await sink.create(`${date}/${MANIFEST_FILE}`);
    pending.stream.end(`${JSON.stringify(manifest, null, 2)}\n`);
    await pending.commit();
    const listed = new Set([MANIFEST_FILE, ...files.map((f) => f.file)]);
    for (const key of await sink.list(`${date}/`))
      if (!listed.has(key.slice(date.length + 1))) await sink.remove(key);
    return manifest;
  });
}
