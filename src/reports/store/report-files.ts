/**
 * A stored report as files a reader can open: per tier `<tier>.html` (charts as files beside it),
 * `<tier>.txt`, `<tier>-chat.txt`, the teaser, `<tier>-levels.json`, and `charts/<tier>-<name>.svg`
 * and `.png`. The demo writes each report of its day here and prints the paths.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PostgresReportStore } from './report-store.js';

export async function writeStoredReport(
  store: PostgresReportStore,
  reportId: string,
  dir: string,
): Promise<string[]> {
  const out = join(dir, reportId);
  await mkdir(join(out, 'charts'), { recursive: true });
  const written: string[] = [];
  const put = async (name: string, data: string | Buffer) => {
    await writeFile(join(out, name), data);
    written.push(join(out, name));
  };
  for (const r of await store.renditions(reportId)) {
    for (const c of r.charts) {
      await put(`charts/${r.tier}-${c.name}.svg`, c.svg);
      await put(`charts/${r.tier}-${c.name}.png`, c.png);
    }
    const html = r.html.replace(/cid:([\w-]+)@gammadesk/g, `charts/${r.tier}-$1.png`);
    await put(`${r.tier}.html`, html);
    await put(`${r.tier}.txt`, r.text);
    await put(`${r.tier}-chat.txt`, `${r.chat}\n`);
    if (r.teaser) await put(`${r.tier}-teaser.txt`, `${r.teaser}\n`);
    if (r.levels) await put(`${r.tier}-levels.json`, `${JSON.stringify(r.levels, null, 2)}\n`);
  }
  return written;
}
