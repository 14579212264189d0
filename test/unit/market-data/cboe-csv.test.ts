import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CboeCsvFormatError,
  parseCboeQuoteCsv,
  parseCboeQuoteTime,
} from '../../../src/market-data/adapters/cboe-csv.js';
import { CHAINS_DIR } from '../../support/chains.js';

const CHAINS = CHAINS_DIR;
const read = (name: string): string => readFileSync(`${CHAINS}/${name}_quotedata.csv`, 'utf8');

describe('parseCboeQuoteCsv on the real files', () => {
  it('SPX 2022-02-05: 10,257 rows → 20,514 quotes, spot and quote time', () => {
    const snap = parseCboeQuoteCsv(read('spx_2022-02-05'), 'spx_2022-02-05');
    expect(snap.underlying).toBe('SPX');
    expect(snap.spot).toBe(4500.5298);
    // "February 5 2022, 8:09 PM EST" → 01:09 UTC the next day.
    expect(snap.asOf).toBe('2022-02-06T01:09:00Z');
    expect(snap.source).toBe('cboe-file');
    expect(snap.quality.rowsReceived).toBe(2 * 10_257);
    const droppedTotal = Object.values(snap.quality.dropped).reduce((a, b) => a + (b ?? 0), 0);
    expect(snap.quality.contractsKept + droppedTotal).toBe(2 * 10_257);
    expect(snap.contracts.length).toBe(snap.quality.contractsKept);
  });

  it('keeps SPX (AM, 09:30) and SPXW (PM, 16:00) apart for the same date and strike', () => {
    const snap = parseCboeQuoteCsv(read('spx_2022-02-05'));
    const am = snap.contracts.find((c) => c.occSymbol === 'SPX220318C04500000');
    const pm = snap.contracts.find((c) => c.occSymbol === 'SPXW220318C04500000');
    expect(am).toBeDefined();
    expect(pm).toBeDefined();
    expect(am!.root).toBe('SPX');
    expect(am!.settlement).toBe('AM');
    expect(am!.expiresAt).toBe('2022-03-18T13:30:00Z');
    expect(pm!.root).toBe('SPXW');
    expect(pm!.settlement).toBe('PM');
    expect(pm!.expiresAt).toBe('2022-03-18T20:00:00Z');
    expect(am!.openInterest).not.toBe(pm!.openInterest);
  });

  it('reads every column of a row (SPY 2025-09-25, first row)', () => {
    const snap = parseCboeQuoteCsv(read('spy_2025-09-25'));
    expect(snap.asOf).toBe('2025-09-26T01:05:00Z'); // 9:05 PM EDT
    const call = snap.contracts[0];
    expect(call).toMatchObject({
      occSymbol: 'SPY251001C00500000',
      root: 'SPY',
      expiry: '2025-10-01',
      expiresAt: '2025-10-01T20:00:00Z',
      right: 'call',
      strike: 500,
      bid: 157.1,
      ask: 159.91,
      last: null,
      volume: 0,
      openInterest: 0,
      iv: 0.6659,
      delta: 0.9994,
      gamma: 0,
    });
    expect(call.mark).toBeCloseTo((157.1 + 159.91) / 2, 12);
    const put = snap.contracts[1];
    expect(put).toMatchObject({
      occSymbol: 'SPY251001P00500000',
      right: 'put',
      last: 0.01,
      openInterest: 16,
    });
    expect(snap.quality.rowsReceived).toBe(2 * 1_858);
  });

  it('parses the NVDA and SPX 2025 files with their row counts', () => {
    expect(parseCboeQuoteCsv(read('nvda_2025-01-06')).quality.rowsReceived).toBe(2 * 543);
    const spx = parseCboeQuoteCsv(read('spx_2025-01-06'));
    expect(spx.quality.rowsReceived).toBe(2 * 4_242);
    expect(spx.asOf).toBe('2025-01-07T02:26:00Z');
  });
});

describe('validation', () => {
  const head =
    '\nTest Index,Last: 100,Change: 0\n"Date: March 2, 2026 at 10:00 AM EST",Bid: 1\n' +
    'Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest\n';
  const row = (strike: string, callBid: string, callAsk: string, callOi: string): string =>
    `Fri Mar 06 2026,XYZ260306C${String(Math.round(Number(strike) * 1000 || 0)).padStart(8, '0')},1,0,${callBid},${callAsk},5,0.2,0.5,0.01,${callOi},${strike},XYZ260306P${String(Math.round(Number(strike) * 1000 || 0)).padStart(8, '0')},1,0,1,1.1,5,0.2,-0.5,0.01,10\n`;

  it('drops and counts NaN, negative OI, crossed markets and non-positive strikes', () => {
    const text =
      head +
      row('100', '1', '1.2', '10') +
      row('105', 'abc', '1.2', '10') +
      row('110', '1', '1.2', '-3') +
      row('115', '2', '1', '10') +
      row('0', '1', '1.2', '10');
    const snap = parseCboeQuoteCsv(text);
    expect(snap.quality.rowsReceived).toBe(10);
    expect(snap.quality.dropped).toEqual({
      non_finite: 1,
      negative_open_interest: 1,
      crossed_market: 1,
      non_positive_strike: 2,
    });
    expect(snap.quality.contractsKept).toBe(5);
    expect(snap.asOf).toBe('2026-03-02T15:00:00Z');
  });

  it('rejects text that is not this format with a clear error', () => {
    expect(() => parseCboeQuoteCsv('symbol,price\nSPY,1\n', 'x.csv')).toThrow(CboeCsvFormatError);
    expect(() => parseCboeQuoteCsv('symbol,price\nSPY,1\n', 'x.csv')).toThrow(
      /x\.csv: not a CBOE quotedata CSV/,
    );
    expect(() => parseCboeQuoteCsv(head.replace('Expiration Date', 'Expiry'))).toThrow(/header/);
    expect(() => parseCboeQuoteCsv(head)).toThrow(/no option rows/);
  });

  it('reads both quote-time spellings, EST and EDT', () => {
    expect(parseCboeQuoteTime('February 5 2022, 8:09 PM EST')).toBe('2022-02-06T01:09:00Z');
    expect(parseCboeQuoteTime('September 25, 2025 at 9:05 PM EDT')).toBe('2025-09-26T01:05:00Z');
    expect(parseCboeQuoteTime('July 1, 2025 at 12:30 PM')).toBe('2025-07-01T16:30:00Z');
    expect(parseCboeQuoteTime('yesterday')).toBeNull();
  });
});
