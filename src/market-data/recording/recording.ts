import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';
import type { ChainSnapshot } from '../chain-snapshot.js';
import { parseChainSnapshot } from '../chain-snapshot-schema.js';
import { snapshotChecksum } from '../snapshot-id.js';
import { seriesItemSchema, type SeriesItem } from './recording-series.js';

/**
 * A recorded session on disk:
 *
 *   DIR/manifest.json        what was recorded (format, version, provider, date, symbols, window,
 *                            per-symbol file, count, first/last as-of and a digest)
 *   DIR/<SYMBOL>.jsonl.gz    gzip JSON lines, one normalized ChainSnapshot per line, oldest first
 *   DIR/<SYMBOL>.series.jsonl.gz  optional: the provider's 1-minute bars and indicator points
 *                            (recording-series.ts), in the order they arrived
 *
 * Each symbol's `digest` is sha256 over the snapshotChecksum of every snapshot in order, so a
 * replay proves it reproduced exactly what was recorded; a series file has its own digest over
 * its lines. `origin` says what the chains are: simulated, recorded live from a provider, or a
 * provider's historical end-of-day chains (one per day).
 */
export const RECORDING_FORMAT = 'gammadesk-chain-recording';
export const RECORDING_VERSION = 1;

export const recordingManifestSchema = z.object({
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(RECORDING_VERSION),
  provider: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  intervalMs: z.number().int().positive(),
  createdAt: z.string(),
  origin: z.enum(['simulated', 'live', 'historical']).optional(),
  symbols: z.record(
    z.string(),
    z.object({
      file: z.string().regex(/^[A-Z0-9.]+\.jsonl\.gz$/),
      count: z.number().int().min(0),
      firstAsOf: z.string().nullable(),
      lastAsOf: z.string().nullable(),
      digest: z.string().regex(/^[0-9a-f]{64}$/),
      series: z
        .object({
          file: z.string().regex(/^[A-Z0-9.]+\.series\.jsonl\.gz$/),
          count: z.number().int().min(0),
          digest: z.string().regex(/^[0-9a-f]{64}$/),
        })
        .optional(),
    }),
  ),
});
export type RecordingManifest = z.infer<typeof recordingManifestSchema>;

interface SymbolWriter {
  gzip: Gzip;
  out: WriteStream;
  done: Promise<void>;
  digest: Hash;
  count: number;
  firstAsOf: string | null;
  lastAsOf: string | null;
  file: string;
}

export interface RecordingMeta {
  provider: string;
  date: string;
  intervalMs: number;
  createdAt: string;
  origin?: RecordingManifest['origin'];
}

/** A gzip JSON-lines file being written, with its digest. */
function openLinesFile(dir: string, file: string): Omit<SymbolWriter, 'firstAsOf' | 'lastAsOf'> {
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(join(dir, file));
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  return { gzip, out, done, digest: createHash('sha256'), count: 0, file };
}

async function writeLine(w: { gzip: Gzip }, line: string): Promise<void> {
  if (!w.gzip.write(`${line}\n`)) {
    await new Promise<void>((resolve) => w.gzip.once('drain', resolve));
  }
}

/** Writes a recording; `close()` finishes every file and writes manifest.json last. */
export class RecordingWriter {
  private readonly writers = new Map<string, SymbolWriter>();
  private readonly seriesWriters = new Map<string, Omit<SymbolWriter, 'firstAsOf' | 'lastAsOf'>>();
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly meta: RecordingMeta,
  ) {}

  /** Snapshots written so far, all symbols. */
  get snapshotCount(): number {
    let n = 0;
    for (const w of this.writers.values()) n += w.count;
    return n;
  }

  static async create(dir: string, meta: RecordingMeta): Promise<RecordingWriter> {
    await mkdir(dir, { recursive: true });
    const existing = await stat(join(dir, 'manifest.json')).catch(() => null);
    if (existing) throw new Error(`${dir} already holds a recording (manifest.json exists)`);
    return new RecordingWriter(dir, meta);
  }

  async write(snapshot: ChainSnapshot): Promise<void> {
    if (this.closed) throw new Error('recording is closed');
    const symbol = snapshot.underlying;
    let w = this.writers.get(symbol);
    if (!w) {
      if (!/^[A-Z0-9.]+$/.test(symbol)) throw new Error(`unexpected symbol ${symbol}`);
      w = { ...openLinesFile(this.dir, `${symbol}.jsonl.gz`), firstAsOf: null, lastAsOf: null };
      this.writers.set(symbol, w);
    }
    if (w.lastAsOf !== null && snapshot.asOf < w.lastAsOf) {
      throw new Error(
        `${symbol}: snapshots must be written oldest first (${snapshot.asOf} < ${w.lastAsOf})`,
      );
    }
    w.digest.update(snapshotChecksum(snapshot));
    w.count++;
    w.firstAsOf ??= snapshot.asOf;
    w.lastAsOf = snapshot.asOf;
    await writeLine(w, JSON.stringify(snapshot));
  }

  /** One bar or indicator point of a symbol (kept only if the symbol also has chains). */
  async writeSeries(item: SeriesItem): Promise<void> {
    if (this.closed) throw new Error('recording is closed');
    const symbol = item.symbol;
    if (!/^[A-Z0-9.]+$/.test(symbol)) throw new Error(`unexpected symbol ${symbol}`);
    let w = this.seriesWriters.get(symbol);
    if (!w) {
      w = openLinesFile(this.dir, `${symbol}.series.jsonl.gz`);
      this.seriesWriters.set(symbol, w);
    }
    const line = JSON.stringify(seriesItemSchema.parse(item));
    w.digest.update(line);
    w.count++;
    await writeLine(w, line);
  }

  async close(): Promise<RecordingManifest> {
    this.closed = true;
    const symbols: RecordingManifest['symbols'] = {};
    for (const [symbol, w] of this.writers) {
      w.gzip.end();
      await w.done;
      symbols[symbol] = {
        file: w.file,
        count: w.count,
        firstAsOf: w.firstAsOf,
        lastAsOf: w.lastAsOf,
        digest: w.digest.digest('hex'),
      };
    }
    for (const [symbol, w] of this.seriesWriters) {
      w.gzip.end();
      await w.done;
      const entry = symbols[symbol];
      if (entry) entry.series = { file: w.file, count: w.count, digest: w.digest.digest('hex') };
      else await rm(join(this.dir, w.file), { force: true });
    }
    const manifest: RecordingManifest = {
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      ...this.meta,
      symbols,
    };
    const tmp = join(this.dir, 'manifest.json.tmp');
    await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(tmp, join(this.dir, 'manifest.json'));
    return manifest;
  }
}

export async function readManifest(dir: string): Promise<RecordingManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch {
    throw new Error(`${dir} is not a recording: no readable manifest.json`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${dir}/manifest.json is not JSON`);
  }
  const parsed = recordingManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${dir}/manifest.json is invalid at '${issue?.path.join('.') ?? ''}': ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** One symbol's snapshots, oldest first, each validated as it is read. */
export async function* readSymbolSnapshots(
  dir: string,
  manifest: RecordingManifest,
  symbol: string,
): AsyncGenerator<ChainSnapshot> {
  const entry = manifest.symbols[symbol];
  if (!entry) throw new Error(`the recording has no ${symbol}`);
  const lines = createInterface({
    input: createReadStream(join(dir, entry.file)).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    n++;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${entry.file} line ${n} is not JSON`);
    }
    yield parseChainSnapshot(json, `${entry.file} line ${n}`);
  }
}

/** One symbol's recorded bars and indicator points (none when it has no series file). */
export async function* readSymbolSeries(
  dir: string,
  manifest: RecordingManifest,
  symbol: string,
): AsyncGenerator<SeriesItem> {
  const entry = manifest.symbols[symbol]?.series;
  if (!entry) return;
  const lines = createInterface({
    input: createReadStream(join(dir, entry.file)).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    n++;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${entry.file} line ${n} is not JSON`);
    }
    const parsed = seriesItemSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${entry.file} line ${n} is not a bar or indicator point`);
    yield parsed.data;
  }
}

/** Every symbol's snapshots merged by as-of (ties by symbol), oldest first. */
export async function* readMergedSnapshots(
  dir: string,
  manifest: RecordingManifest,
  symbols = Object.keys(manifest.symbols).sort(),
): AsyncGenerator<ChainSnapshot> {
  const heads = await Promise.all(
    symbols.map(async (symbol) => {
      const it = readSymbolSnapshots(dir, manifest, symbol);
      const first = await it.next();
      return { symbol, it, current: first.done ? null : first.value };
    }),
  );
  for (;;) {
    let best: (typeof heads)[number] | null = null;
    for (const h of heads) {
      if (h.current && (!best || h.current.asOf < (best.current as ChainSnapshot).asOf)) best = h;
    }
    if (!best || !best.current) return;
    yield best.current;
    const next = await best.it.next();
    best.current = next.done ? null : next.value;
  }
}
