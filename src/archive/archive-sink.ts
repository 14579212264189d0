/**
 * Where archive files go: a directory (the default, DirectorySink) or, later, an S3-compatible
 * bucket. Keys are relative paths `YYYY-MM-DD/<file>`. An object being written is invisible
 * until committed (a crash leaves no half file under its key), and committing replaces any
 * object of the same key, so writing a day again is safe.
 */
import type { Readable, Writable } from 'node:stream';

export interface PendingObject {
  /** The bytes go here; end it, then commit. */
  stream: Writable;
  /** Makes the object visible under its key (after the stream has finished). */
  commit(): Promise<void>;
  /** Discards what was written. */
  abort(): Promise<void>;
}

export interface ArchiveSink {
  /** Where the archive is, for people (a directory path or a bucket URL). */
  readonly location: string;
  create(key: string): Promise<PendingObject>;
  read(key: string): Readable;
  /** Keys directly under a prefix ('' for the days, 'YYYY-MM-DD/' for a day's files). */
  list(prefix: string): Promise<string[]>;
  /** Removes every object under a prefix (a day past retention). */
  remove(prefix: string): Promise<void>;
}
