/**
 * Reports kept for compliance in PostgreSQL: each report's full content and, per tier, exactly
 * what that tier is sent (email HTML and text, chat summary, teaser, levels JSON and its
 * TradingView lines, charts as SVG and PNG). A report built again (a rerun) replaces its content.
 */
import type { DataSource } from 'typeorm';
import type { Tier } from '../../vocabulary/tier.js';
import type { LevelsDocumentV1 } from '../levels-export.js';
import type { Report } from '../report.js';
import type { RenderedTierReport } from '../render/render-report.js';
import { levelsForTier, tradingViewOf } from '../tier-levels.js';

export interface StoredChart {
  name: string;
  title: string;
  svg: string;
  png: Buffer;
}

export interface StoredRendition {
  reportId: string;
  tier: Tier;
  html: string;
  text: string;
  chat: string;
  teaser: string | null;
  /** Null for Free. */
  levels: LevelsDocumentV1 | null;
  tradingView: string;
  charts: StoredChart[];
}

interface RenditionRow {
  report_id: string;
  tier: Tier;
  html: string;
  text: string;
  chat: string;
  teaser: string | null;
  levels: Partial<LevelsDocumentV1>;
  tradingview: string;
  charts: { name: string; title: string; svg: string; png: string }[];
}

function toRendition(r: RenditionRow): StoredRendition {
  return {
    reportId: r.report_id,
    tier: r.tier,
    html: r.html,
    text: r.text,
    chat: r.chat,
    teaser: r.teaser,
    levels: r.levels.schema ? (r.levels as LevelsDocumentV1) : null,
    tradingView: r.tradingview,
    charts: r.charts.map((c) => ({ ...c, png: Buffer.from(c.png, 'base64') })),
  };
}

export class PostgresReportStore {
  constructor(private readonly ds: DataSource) {}

  async save(report: Report, tiers: readonly RenderedTierReport[]): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO report (id, date, type, generated_at, content) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET generated_at = EXCLUDED.generated_at, content = EXCLUDED.content`,
        [
          report.id,
          report.date,
          report.type,
          new Date(report.generatedAt).toISOString(),
          JSON.stringify(report),
        ],
      );
      for (const t of tiers) {
        const levels = levelsForTier(t.tier, report);
        await m.query(
          `INSERT INTO report_rendition (report_id, tier, html, text, chat, teaser, levels, tradingview, charts)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (report_id, tier) DO UPDATE SET html = EXCLUDED.html, text = EXCLUDED.text,
             chat = EXCLUDED.chat, teaser = EXCLUDED.teaser, levels = EXCLUDED.levels,
             tradingview = EXCLUDED.tradingview, charts = EXCLUDED.charts`,
          [
            report.id,
            t.tier,
            t.html,
            t.text,
            t.chat,
            t.teaser,
            JSON.stringify(levels ?? {}),
            tradingViewOf(levels),
            JSON.stringify(
              t.charts.map((c) => ({
                name: c.name,
                title: c.title,
                svg: c.svg,
                png: c.png.toString('base64'),
              })),
            ),
          ],
        );
      }
    });
  }

  async report(id: string): Promise<Report | null> {
    const rows: { content: Report }[] = await this.ds.query(
      `SELECT content FROM report WHERE id = $1
       UNION ALL SELECT content FROM archive_report WHERE id = $1`,
      [id],
    );
    return rows[0]?.content ?? null;
  }

  async rendition(id: string, tier: Tier): Promise<StoredRendition | null> {
    const rows: RenditionRow[] = await this.ds.query(
      `SELECT * FROM report_rendition WHERE report_id = $1 AND tier = $2
       UNION ALL SELECT * FROM archive_report_rendition WHERE report_id = $1 AND tier = $2`,
      [id, tier],
    );
    return rows[0] ? toRendition(rows[0]) : null;
  }

  async renditions(id: string): Promise<StoredRendition[]> {
    const rows: RenditionRow[] = await this.ds.query(
      `SELECT * FROM (SELECT * FROM report_rendition WHERE report_id = $1
                      UNION ALL SELECT * FROM archive_report_rendition WHERE report_id = $1) r
        ORDER BY CASE tier WHEN 'premium' THEN 0 WHEN 'basic' THEN 1 ELSE 2 END`,
      [id],
    );
    return rows.map(toRendition);
  }
}
