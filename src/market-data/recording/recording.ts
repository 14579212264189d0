import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';
import type { ChainSnapshot } from '../chain-snapshot.js';
import { parseChainSnapshot } from '../chain-snapshot-schema.js';
import { snapshotChecksum } from '../snapshot-id.js';

/**
 * A recorded session on disk:
 *
 *   DIR/manifest.json        what was recorded (format, version, provider, date, symbols, window,
 *                            per-symbol file, count, first/last as-of and a digest)
 *   DIR/<SYMBOL>.jsonl.gz    gzip JSON lines, one normalized ChainSnapshot per line, oldest first
 *
 * Each symbol's `digest` is sha256 over the snapshotChecksum of every snapshot in order, so a
 * replay proves it reproduced exactly what was recorded.
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
  symbols: z.record(
    z.string(),
    z.object({
      file: z.string().regex(/^[A-Z0-9.]+\.jsonl\.gz$/),
      count: z.number().int().min(0),
      firstAsOf: z.string().nullable(),
      lastAsOf: z.string().nullable(),
      digest: z.string().regex(/^[0-9a-f]{64}$/),
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

/** Writes a recording; `close()` finishes every file and writes manifest.json last. */
export class RecordingWriter {
  private readonly writers = new Map<string, SymbolWriter>();
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly meta: {
      provider: string;
      date: string;
      intervalMs: number;
      createdAt: string;
    },
  ) {}

  static async create(
    dir: string,
    meta: { provider: string; date: string; intervalMs: number; createdAt: string },
  ): Promise<RecordingWriter> {
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
      const file = `${symbol}.jsonl.gz`;
      const gzip = createGzip({ level: 6 });
      const out = createWriteStream(join(this.dir, file));
      const done = new Promise<void>((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
        gzip.on('error', reject);
      });
      gzip.pipe(out);
      w = {
        gzip,
        out,
        done,
        digest: createHash('sha256'),
        count: 0,
        firstAsOf: null,
        lastAsOf: null,
        file,
      };
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
    if (!w.gzip.write(`${JSON.stringify(snapshot)}\n`)) {
      await new Promise<void>((resolve) => w.gzip.once('drain', resolve));
    }
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
