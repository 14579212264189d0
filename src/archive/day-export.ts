/**
 * Exports one New York day: per stream a gzip JSON-lines file, then the day's manifest (row
 * counts, SHA-256 of each file and of its uncompressed lines). Everything is read in one
 * REPEATABLE READ transaction (one snapshot) through a server-side cursor, a page at a time, so
 * a day of a million deliveries never sits in memory. Each export writes files of its own
 * (`<stream>.<generation>.jsonl.gz`), then the manifest naming them, then removes the day's
 * files no manifest names: a crash at any point leaves the previous manifest and its files
 * intact, and running the export again writes the same contents (same checksums).
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { rows, type Sql } from '../database/sql.js';
import type { ArchiveSink } from './archive-sink.js';
import { ARCHIVE_STREAMS, NOT_ARCHIVED, type ArchiveStream } from './archive-streams.js';
import { dayWindow } from './archive-days.js';
import { MANIFEST_FILE, MANIFEST_FORMAT, type DayManifest, type ManifestFile } from './manifest.js';
import { NEW_PSEUDONYM } from './personal-fields.js';

const PAGE_ROWS = 2_000;
const GZIP_LEVEL = 6;

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

/** Streams one query's lines through gzip into the sink; returns the file's manifest entry. */
async function writeStream(
  tx: Sql,
  sink: ArchiveSink,
  key: string,
  s: ArchiveStream,
  query: string,
): Promise<ManifestFile> {
  const pending = await sink.create(key);
  const fileHash = createHash('sha256');
  const contentHash = createHash('sha256');
  let bytes = 0;
  let count = 0;
  const gzip = createGzip({ level: GZIP_LEVEL });
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      fileHash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const piped = pipeline(gzip, tap, pending.stream);
  let next: Promise<{ j: string }[]> | null = null;
  try {
    const cursor = `archive_${s.name}`;
    await tx.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${query}`);
    const fetchPage = () => rows<{ j: string }>(tx, `FETCH ${PAGE_ROWS} FROM ${cursor}`);
    // The next page is being read by PostgreSQL while this one is compressed.
    next = fetchPage();
    for (;;) {
      const page = await next;
      if (!page.length) break;
      next = fetchPage();
      let text = '';
      for (const r of page) text += `${r.j}\n`;
      const buf = Buffer.from(text);
      contentHash.update(buf);
      count += page.length;
      if (!gzip.write(buf)) await once(gzip, 'drain');
    }
    await tx.query(`CLOSE ${cursor}`);
    gzip.end();
    await piped;
    await pending.commit();
  } catch (err) {
    await next?.catch(() => undefined);
    gzip.destroy();
    await piped.catch(() => undefined);
    await pending.abort();
    throw err;
  }
  return {
    stream: s.name,
    table: s.table,
    what: s.what,
    file: key.slice(key.indexOf('/') + 1),
    rows: count,
    bytes,
    sha256: fileHash.digest('hex'),
    contentSha256: contentHash.digest('hex'),
  };
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
          tx,
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
