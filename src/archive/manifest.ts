/**
 * A day's manifest (`<date>/manifest.json`) and `archive verify`: every file a manifest names
 * is re-read, its SHA-256 compared, decompressed, its lines counted and their SHA-256 compared,
 * and every line parsed as JSON. A day without a manifest is a problem; a file no manifest
 * names (left by an export interrupted before its manifest) is noted.
 */
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ArchiveSink } from './archive-sink.js';
import { DATE_RE } from './archive-days.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'gammadesk-archive/1';

export interface ManifestFile {
  stream: string;
  table: string;
  what: string;
  file: string;
  rows: number;
  bytes: number;
  /** SHA-256 of the gzip file as stored. */
  sha256: string;
  /** SHA-256 of its uncompressed JSON lines (stable across gzip versions). */
  contentSha256: string;
}

export interface DayManifest {
  format: typeof MANIFEST_FORMAT;
  date: string;
  window: { from: string; to: string };
  exportedAt: string;
  final: boolean;
  retainUntil: string;
  files: ManifestFile[];
  /** Streams whose table does not exist in this database. */
  absent: string[];
  notArchived: Readonly<Record<string, string>>;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  date: z.string().regex(DATE_RE),
  files: z.array(
    z.object({
      stream: z.string(),
      file: z.string().regex(/^[\w.-]+$/),
      rows: z.number().int().min(0),
      bytes: z.number().int().min(0),
      sha256: hex64,
      contentSha256: hex64,
    }),
  ),
});

export interface VerifyReport {
  days: number;
  files: number;
  rows: number;
  problems: string[];
  /** Files no manifest names (an export interrupted before its manifest): not a failure. */
  notes: string[];
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Re-checks one file against its manifest entry; returns the problems found. */
async function checkFile(
  sink: ArchiveSink,
  day: string,
  f: z.infer<typeof manifestSchema>['files'][number],
): Promise<string[]> {
  const key = `${day}/${f.file}`;
  const fileHash = createHash('sha256');
  const contentHash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  let partial = '';
  let badLine: number | null = null;
  const raw = sink.read(key);
  raw.on('data', (c: Buffer) => {
    fileHash.update(c);
    bytes += c.length;
  });
  try {
    for await (const chunk of raw.pipe(createGunzip())) {
      const buf = chunk as Buffer;
      contentHash.update(buf);
      const text = partial + buf.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines++;
        if (badLine === null) {
          try {
            JSON.parse(line);
          } catch {
            badLine = lines;
          }
        }
      }
    }
  } catch (err) {
    return [`${key}: unreadable (${err instanceof Error ? err.message : String(err)})`];
  }
  const problems: string[] = [];
  if (bytes !== f.bytes) problems.push(`${key}: ${bytes} bytes, manifest says ${f.bytes}`);
  if (fileHash.digest('hex') !== f.sha256) problems.push(`${key}: SHA-256 differs from manifest`);
  if (contentHash.digest('hex') !== f.contentSha256)
    problems.push(`${key}: content SHA-256 differs from manifest`);
  if (lines !== f.rows) problems.push(`${key}: ${lines} rows, manifest says ${f.rows}`);
  if (partial !== '') problems.push(`${key}: last line not terminated`);
  if (badLine !== null) problems.push(`${key}: line ${badLine} is not JSON`);
  return problems;
}

/** Re-checks every day's manifest in the archive. */
export async function verifyArchive(sink: ArchiveSink): Promise<VerifyReport> {
  const report: VerifyReport = { days: 0, files: 0, rows: 0, problems: [], notes: [] };
  for (const day of await sink.list('')) {
    if (!DATE_RE.test(day)) continue;
    const present = new Set((await sink.list(`${day}/`)).map((k) => k.slice(day.length + 1)));
    const keys = new Set(present);
    if (!keys.has(MANIFEST_FILE)) {
      report.problems.push(`${day}: no ${MANIFEST_FILE}`);
      continue;
    }
    let manifest: z.infer<typeof manifestSchema>;
    try {
      const text = (await readAll(sink.read(`${day}/${MANIFEST_FILE}`))).toString('utf8');
      manifest = manifestSchema.parse(JSON.parse(text));
    } catch (err) {
      report.problems.push(
        `${day}/${MANIFEST_FILE}: not a valid manifest (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
      );
      continue;
    }
    if (manifest.date !== day) report.problems.push(`${day}: manifest is for ${manifest.date}`);
    report.days++;
    for (const f of manifest.files) {
      keys.delete(f.file);
      if (!present.has(f.file)) {
        report.problems.push(`${day}/${f.file}: missing`);
        continue;
      }
      report.files++;
      report.rows += f.rows;
      report.problems.push(...(await checkFile(sink, day, f)));
    }
    keys.delete(MANIFEST_FILE);
    for (const extra of keys)
      report.notes.push(`${day}/${extra}: not named by the manifest (an interrupted export?)`);
  }
  return report;
}

export function describeArchiveVerify(r: VerifyReport): string {
  const head = `${r.days} days, ${r.files} files, ${r.rows} rows`;
  const notes = r.notes.map((n) => `\n  note: ${n}`).join('');
  return r.problems.length
    ? `BROKEN: ${r.problems.length} problems (${head})\n${r.problems.map((p) => `  ${p}`).join('\n')}${notes}`
    : `intact: ${head}${notes}`;
}
