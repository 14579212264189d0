/**
 * The archive in a directory: `<root>/<YYYY-MM-DD>/<file>`. A file is written beside its final
 * name and renamed into place (atomic on one file system), after an fsync, so a crash leaves
 * either the old file or the new one, never a torn one.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ArchiveSink, PendingObject } from '../archive-sink.js';

const TEMP_MARK = '.part-';

export class DirectorySink implements ArchiveSink {
  readonly location: string;

  constructor(root: string) {
    this.location = resolve(root);
  }

  private path(key: string): string {
    const path = resolve(this.location, key);
    if (path !== this.location && !path.startsWith(this.location + sep))
      throw new Error(`archive key outside the archive: ${key}`);
    return path;
  }

  async create(key: string): Promise<PendingObject> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}${TEMP_MARK}${randomBytes(4).toString('hex')}`;
    const stream = createWriteStream(temp);
    return {
      stream,
      commit: async () => {
        await finished(stream);
        const handle = await open(temp, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
      },
      abort: async () => {
        stream.destroy();
        await rm(temp, { force: true });
      },
    };
  }

  read(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async list(prefix: string): Promise<string[]> {
    const dir = this.path(prefix || '.');
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries
        .filter((e) => !e.name.includes(TEMP_MARK))
        .map((e) => (prefix ? join(prefix, e.name) : e.name))
        .sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async remove(prefix: string): Promise<void> {
    await rm(this.path(prefix), { recursive: true, force: true });
  }
}
