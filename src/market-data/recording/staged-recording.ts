/**
 * Recordings of live and historical provider days are written under a temporary name
 * (`DIR/.<name>.partial`) and renamed to `DIR/<name>` only when the day or segment is complete,
 * so a crash, Ctrl-C or provider error never leaves a half-written day where a backtest or a
 * resumed backfill would take it for a finished one.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  readManifest,
  RecordingWriter,
  type RecordingManifest,
  type RecordingMeta,
} from './recording.js';

export interface StagedRecording {
  readonly name: string;
  readonly writer: RecordingWriter;
  /** Closes the recording and renames it to DIR/<name>. */
  finish(): Promise<{ dir: string; manifest: RecordingManifest }>;
  /** Removes the unfinished recording. */
  discard(): Promise<void>;
}

export async function openStagedRecording(
  out: string,
  name: string,
  meta: RecordingMeta,
): Promise<StagedRecording> {
  if (!/^[0-9A-Za-z][0-9A-Za-z_-]*$/.test(name)) throw new Error(`bad recording name ${name}`);
  await mkdir(out, { recursive: true });
  const final = join(out, name);
  if (await stat(final).catch(() => null)) throw new Error(`${final} already exists`);
  const staging = join(out, `.${name}.partial`);
  // What an earlier, interrupted run left there is incomplete by definition.
  await rm(staging, { recursive: true, force: true });
  const writer = await RecordingWriter.create(staging, meta);
  return {
    name,
    writer,
    async finish() {
      const manifest = await writer.close();
      await rename(staging, final);
      return { dir: final, manifest };
    },
    async discard() {
      await rm(staging, { recursive: true, force: true });
    },
  };
}

/** The finished recording DIR/<name>, or null when there is none (or it is unreadable). */
export async function finishedRecording(
  out: string,
  name: string,
): Promise<RecordingManifest | null> {
  return readManifest(join(out, name)).catch(() => null);
}
