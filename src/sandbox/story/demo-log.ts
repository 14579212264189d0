/**
 * Where the demo's JSON logs go: a log file (every line, as the app writes it), with warnings and
 * errors tallied by what they are about, so the console keeps telling the story and prints them
 * as one compact line ("warnings since 10:05: Analytics gex_shift ×3 · log: .data/demo.log").
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';

/** pino's numeric levels: 40 warn, 50 error, 60 fatal. */
const WARN = 40;

export class DemoLog extends Writable {
  private readonly file: WriteStream;
  private pending = '';
  /** What each warning is about (context and the message's first words) → count since last line. */
  private readonly tally = new Map<string, number>();
  total = 0;

  constructor(readonly path: string) {
    super();
    mkdirSync(dirname(path), { recursive: true });
    this.file = createWriteStream(path, { flags: 'a' });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error) => void): void {
    this.file.write(chunk);
    const text = this.pending + chunk.toString('utf8');
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.count(line);
    done();
  }

  /** One line of the warnings since the previous call, or null when there were none. */
  takeLine(): string | null {
    if (this.tally.size === 0) return null;
    const parts = [...this.tally.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([what, n]) => (n > 1 ? `${what} ×${n}` : what));
    const more = this.tally.size > 4 ? ` and ${this.tally.size - 4} more` : '';
    this.tally.clear();
    return `warnings: ${parts.join(' · ')}${more} (log: ${this.path})`;
  }

  override _final(done: (err?: Error) => void): void {
    this.file.end(() => done());
  }

  private count(line: string): void {
    let entry: { level?: unknown; msg?: unknown; context?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return;
    }
    if (typeof entry.level !== 'number' || entry.level < WARN) return;
    this.total += 1;
    const msg = typeof entry.msg === 'string' ? entry.msg : '';
    // The message's first words name the condition; tickers, numbers and ids after them vary.
    const words = msg
      .split(/[:(]/)[0]
      .split(/\s+/)
      .filter((w) => w && !/\d/.test(w) && !/^[A-Z][A-Z.]{0,5}$/.test(w))
      .slice(0, 4);
    while (words.length > 1 && /^(on|for|of|in|at|to)$/.test(words[words.length - 1])) words.pop();
    const gist = words.join(' ');
    const what = [typeof entry.context === 'string' ? entry.context : '', gist]
      .filter(Boolean)
      .join(' ');
    this.tally.set(what || 'warning', (this.tally.get(what || 'warning') ?? 0) + 1);
  }
}
