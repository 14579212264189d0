/**
 * `record export`: the whole chain from its first entry, then the signals it was made from, as
 * JSON lines anyone can check with the README's script (no GammaDesk code needed):
 *   {"type":"header",...}  {"type":"entry","seq":1,"prevHash":…,"hash":…,"payload":{…}} …
 *   {"type":"signal","signal":{…the published signal…}} …
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { GENESIS_HASH } from './canonical.js';
import type { ChainStore } from './chain-store.js';
import type { StoredSignalSource } from './record-ports.js';

export const EXPORT_FORMAT = 'gammadesk-track-record';

export interface ExportSummary {
  entries: number;
  signals: number;
  head: string;
}

export async function exportChain(
  store: ChainStore,
  signals: StoredSignalSource | null,
  outFile: string,
  exportedAt: number,
): Promise<ExportSummary> {
  const out = createWriteStream(outFile, { encoding: 'utf8' });
  const writeLine = async (line: string): Promise<void> => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  const write = (record: unknown): Promise<void> => writeLine(JSON.stringify(record));
  try {
    const head = await store.head();
    await write({
      type: 'header',
      format: EXPORT_FORMAT,
      version: 1,
      genesis: GENESIS_HASH,
      entries: head.seq,
      head: head.hash,
      exportedAt: new Date(exportedAt).toISOString(),
      hash: 'sha256(prevHash + canonicalJson(payload)), canonical JSON = sorted keys, no spaces',
    });
    const ids = new Set<string>();
    for await (const page of store.scan(1, head.seq)) {
      for (const e of page) {
        ids.add(e.signalId);
        // The canonical text is JSON: embedded as is, it is the payload object.
        await writeLine(
          `{"type":"entry","seq":${e.seq},"prevHash":"${e.prevHash}","hash":"${e.hash}","payload":${e.canonical}}`,
        );
      }
    }
    let count = 0;
    const all = [...ids];
    for (let i = 0; signals && i < all.length; i += 1000) {
      const found = await signals.signals(all.slice(i, i + 1000));
      for (const id of all.slice(i, i + 1000)) {
        const s = found.get(id);
        if (!s?.published) continue;
        await write({ type: 'signal', status: s.status, signal: s.published, outcome: s.outcome });
        count++;
      }
    }
    return { entries: head.seq, signals: count, head: head.hash };
  } finally {
    out.end();
    await once(out, 'close');
  }
}
