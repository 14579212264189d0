/**
 * CBOE delayed-quotes "quote table" CSV (quotedata.csv) → ChainSnapshot.
 *
 * Layout (see test/fixtures/chains/README.md): an optional blank line; the underlying's name with
 * `Last: <spot>`; `Date: <New York time> EST|EDT`; the header `Expiration Date,Calls,…,Strike,Puts,…`;
 * then one row per (expiry, root, strike) with the call's columns, the strike and the put's columns.
 * Every row gives two contracts. Rows that fail validation are dropped and counted by reason in
 * `quality.dropped`; expired contracts are kept (consumers decide against their own clock).
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ChainSnapshot, DropReason, OptionContract, Settlement } from '../chain-snapshot.js';
import type { OptionRight } from '../../vocabulary/trading.js';
import { AM_SETTLED_ROOTS, NEW_YORK_ZONE } from '../../vocabulary/units.js';

export const CBOE_SOURCE = 'cboe-file';
/** Weekly / PM roots and the underlying they belong to. */
const ROOT_TO_UNDERLYING: Record<string, string> = {
  SPXW: 'SPX',
  SPXPM: 'SPX',
  NDXP: 'NDX',
  RUTW: 'RUT',
  VIXW: 'VIX',
};

export class CboeCsvFormatError extends Error {
  constructor(message: string, source?: string) {
    super(source ? `${source}: ${message}` : message);
    this.name = 'CboeCsvFormatError';
  }
}

const OCC_RE = /^([A-Z0-9.]{1,6}?)\s*(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

const HALF_COLUMNS = [
  'Last Sale',
  'Net',
  'Bid',
  'Ask',
  'Volume',
  'IV',
  'Delta',
  'Gamma',
  'Open Interest',
] as const;
type HalfColumn = (typeof HALF_COLUMNS)[number];

const MONTHS: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

/** Splits one CSV line, honouring double quotes. */
function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Parses the quote-time text, e.g. "January 6, 2025 at 9:30 PM EST" or "February 5 2022, 8:09 PM EST",
 * as New York time; returns ISO UTC. An explicit EST/EDT label wins over the zone's own offset.
 */
export function parseCboeQuoteTime(text: string): string | null {
  const m =
    /^\s*([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4}),?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)\s*(EST|EDT|ET)?\s*$/i.exec(
      text,
    );
  if (!m) return null;
  const month = MONTHS[m[1].toLowerCase()];
  if (!month) return null;
  let hour = Number(m[4]) % 12;
  if (m[7].toUpperCase() === 'PM') hour += 12;
  const label = m[8]?.toUpperCase();
  const zone = label === 'EST' ? 'UTC-5' : label === 'EDT' ? 'UTC-4' : NEW_YORK_ZONE;
  const dt = DateTime.fromObject(
    {
      year: Number(m[3]),
      month,
      day: Number(m[2]),
      hour,
      minute: Number(m[5]),
      second: m[6] ? Number(m[6]) : 0,
    },
    { zone },
  );
  if (!dt.isValid) return null;
  return dt.toUTC().toISO({ suppressMilliseconds: true });
}

function num(text: string | undefined): number {
  if (text === undefined) return NaN;
  const t = text.trim();
  if (t === '') return NaN;
  return Number(t.replace(/,/g, ''));
}

export function settlementOfRoot(root: string): Settlement {
  return AM_SETTLED_ROOTS.has(root) ? 'AM' : 'PM';
}

export function underlyingOfRoot(root: string): string {
  return ROOT_TO_UNDERLYING[root] ?? root;
}

/** The last data row when it has fewer columns than the header: the file was cut mid-row. */
export interface CboeCsvTruncation {
  line: number;
  columns: number;
  expected: number;
}

/**
 * Parses a CBOE quotedata CSV into a ChainSnapshot. Throws CboeCsvFormatError when the text is not
 * this format (missing spot, quote time or header). `source` names the file in messages and
 * goes into the snapshot id.
 */
export function parseCboeQuoteCsv(text: string, source?: string): ChainSnapshot {
  return readCboeQuoteCsv(text, source).snapshot;
}

/** parseCboeQuoteCsv, also telling whether the file ends mid-row (a truncated download). */
export function readCboeQuoteCsv(
  text: string,
  source?: string,
): { snapshot: ChainSnapshot; truncation: CboeCsvTruncation | null } {
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  const titleLine = lines[i] ?? '';
  const spotMatch = /Last:\s*([0-9.,]+)/.exec(titleLine);
  if (!spotMatch)
    throw new CboeCsvFormatError(
      'not a CBOE quotedata CSV: the first line must name the underlying with "Last: <price>"',
      source,
    );
  const spot = num(spotMatch[1]);
  if (!(spot > 0) || !Number.isFinite(spot))
    throw new CboeCsvFormatError(`invalid spot price "${spotMatch[1]}"`, source);
  i++;
  const dateLine = lines[i] ?? '';
  const dateCell = splitCsvLine(dateLine).find((c) => /^\s*Date:/i.test(c));
  if (!dateCell)
    throw new CboeCsvFormatError('not a CBOE quotedata CSV: no "Date:" quote-time line', source);
  const asOf = parseCboeQuoteTime(dateCell.replace(/^\s*Date:\s*/i, ''));
  if (!asOf) throw new CboeCsvFormatError(`unreadable quote time "${dateCell}"`, source);
  i++;
  const header = splitCsvLine(lines[i] ?? '').map((h) => h.trim());
  const strikeCol = header.indexOf('Strike');
  if (
    header[0] !== 'Expiration Date' ||
    header[1] !== 'Calls' ||
    strikeCol < 0 ||
    header[strikeCol + 1] !== 'Puts'
  )
    throw new CboeCsvFormatError(
      'not a CBOE quotedata CSV: header must be "Expiration Date,Calls,…,Strike,Puts,…"',
      source,
    );
  const callIdx = {} as Record<HalfColumn, number>;
  const putIdx = {} as Record<HalfColumn, number>;
  for (const name of HALF_COLUMNS) {
    const c = header.indexOf(name, 2);
    const p = header.indexOf(name, strikeCol + 2);
    if (c < 0 || c >= strikeCol || p < 0)
      throw new CboeCsvFormatError(`header lacks the "${name}" column for calls and puts`, source);
    callIdx[name] = c;
    putIdx[name] = p;
  }
  i++;

  const contracts: OptionContract[] = [];
  const dropped: Partial<Record<DropReason, number>> = {};
  const drop = (reason: DropReason): void => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  const expiresAtCache = new Map<string, string>();
  const rootCounts = new Map<string, number>();
  let rowsReceived = 0;
  let lastRow = { line: 0, columns: header.length };

  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const cells = splitCsvLine(line);
    lastRow = { line: i + 1, columns: cells.length };
    for (const right of ['call', 'put'] as OptionRight[]) {
      rowsReceived++;
      const idx = right === 'call' ? callIdx : putIdx;
      const symbolCell = (cells[right === 'call' ? 1 : strikeCol + 1] ?? '').trim();
      const occ = OCC_RE.exec(symbolCell);
      const strike = num(cells[strikeCol]);
      if (!occ || (occ[5] === 'C') !== (right === 'call')) {
        drop('malformed');
        continue;
      }
      const root = occ[1];
      const expiry = `20${occ[2]}-${occ[3]}-${occ[4]}`;
      const bid = num(cells[idx.Bid]);
      const ask = num(cells[idx.Ask]);
      const lastRaw = num(cells[idx['Last Sale']]);
      const volume = num(cells[idx.Volume]);
      const openInterest = num(cells[idx['Open Interest']]);
      const iv = num(cells[idx.IV]);
      const delta = num(cells[idx.Delta]);
      const gamma = num(cells[idx.Gamma]);
      if (
        !Number.isFinite(strike) ||
        !Number.isFinite(bid) ||
        !Number.isFinite(ask) ||
        !Number.isFinite(volume) ||
        !Number.isFinite(openInterest) ||
        !Number.isFinite(lastRaw) ||
        !Number.isFinite(iv) ||
        !Number.isFinite(delta) ||
        !Number.isFinite(gamma)
      ) {
        drop('non_finite');
        continue;
      }
      if (strike <= 0) {
        drop('non_positive_strike');
        continue;
      }
      if (openInterest < 0) {
        drop('negative_open_interest');
        continue;
      }
      if (volume < 0) {
        drop('negative_volume');
        continue;
      }
      if (bid < 0 || ask < 0 || bid > ask) {
        drop('crossed_market');
        continue;
      }
      const settlement = settlementOfRoot(root);
      const key = `${expiry}|${settlement}`;
      let expiresAt = expiresAtCache.get(key);
      if (expiresAt === undefined) {
        const dt = DateTime.fromISO(`${expiry}T${settlement === 'AM' ? '09:30' : '16:00'}:00`, {
          zone: NEW_YORK_ZONE,
        });
        if (!dt.isValid) {
          drop('malformed');
          continue;
        }
        expiresAt = dt.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
        expiresAtCache.set(key, expiresAt);
      }
      const last = lastRaw > 0 ? lastRaw : null;
      const mark = ask > 0 ? (bid + ask) / 2 : (last ?? 0);
      rootCounts.set(root, (rootCounts.get(root) ?? 0) + 1);
      contracts.push({
        occSymbol: symbolCell.replace(/\s+/g, ''),
        root,
        expiry,
        expiresAt,
        settlement,
        strike,
        right,
        bid,
        ask,
        last,
        mark,
        volume,
        openInterest,
        iv,
        delta,
        gamma,
        theta: null,
        vega: null,
      });
    }
  }
  if (rowsReceived === 0) throw new CboeCsvFormatError('the file holds no option rows', source);
  if (contracts.length === 0)
    throw new CboeCsvFormatError('no valid option rows (every row failed validation)', source);

  let topRoot = '';
  let topCount = -1;
  for (const [root, count] of rootCounts)
    if (count > topCount) {
      topRoot = root;
      topCount = count;
    }
  const underlying = underlyingOfRoot(topRoot);
  const snapshotId = createHash('sha256')
    .update(`${CBOE_SOURCE}|${underlying}|${asOf}|${spot}|`)
    .update(text)
    .digest('hex')
    .slice(0, 32);
  return {
    snapshot: {
      snapshotId,
      underlying,
      spot,
      asOf,
      source: CBOE_SOURCE,
      contracts,
      quality: { rowsReceived, contractsKept: contracts.length, dropped },
    },
    truncation: lastRow.columns < header.length ? { ...lastRow, expected: header.length } : null,
  };
}
