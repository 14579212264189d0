/** The recorded leg quotes (record_quote): what a reader could have traded at, and when. */
import type { DataSource } from 'typeorm';
import { isoOf, msOf, rows } from '../../database/sql.js';
import type { LegQuote, QuoteTape } from '../record-ports.js';

export class QuoteTable implements QuoteTape {
  constructor(private readonly ds: DataSource) {}

  async record(quotes: LegQuote[]): Promise<void> {
    if (!quotes.length) return;
    await this.ds.query(
      `INSERT INTO record_quote (occ_symbol, at, bid, ask)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::numeric[], $4::numeric[])
       ON CONFLICT DO NOTHING`,
      [
        quotes.map((q) => q.occSymbol),
        quotes.map((q) => isoOf(q.at)),
        quotes.map((q) => q.bid),
        quotes.map((q) => q.ask),
      ],
    );
  }

  async quotesAt(
    occSymbols: string[],
    at: number,
    maxAgeMs: number,
  ): Promise<Map<string, LegQuote>> {
    const out = new Map<string, LegQuote>();
    if (!occSymbols.length) return out;
    const found = await rows<{ occ_symbol: string; at: Date; bid: string; ask: string }>(
      this.ds,
      `SELECT DISTINCT ON (occ_symbol) occ_symbol, at, bid, ask FROM record_quote
        WHERE occ_symbol = ANY($1) AND at <= $2 AND at >= $3
        ORDER BY occ_symbol, at DESC`,
      [occSymbols, isoOf(at), isoOf(at - maxAgeMs)],
    );
    for (const r of found)
      out.set(r.occ_symbol, {
        occSymbol: r.occ_symbol,
        at: msOf(r.at)!,
        bid: Number(r.bid),
        ask: Number(r.ask),
      });
    return out;
  }
}
