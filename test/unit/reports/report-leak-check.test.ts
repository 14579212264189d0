import { describe, expect, it } from 'vitest';
import { scanReportText, visibleText } from '../../../src/reports/report-leak-check.js';

const forbidden = [
  { field: 'SPY.flip', value: 545.86 },
  { field: 'SPY.callWall', value: 550 },
  { field: 'sig.entry', value: 2.3 },
];

describe('scanReportText', () => {
  it('finds a Premium number however it is written', () => {
    expect(scanReportText('flip at $545.86', forbidden, [])).toEqual([
      { field: 'SPY.flip', token: '545.86' },
    ]);
    expect(scanReportText('wall 550.00 and entry 2.30', forbidden, []).map((l) => l.field)).toEqual(
      ['SPY.callWall', 'sig.entry'],
    );
  });

  it('ignores dates, clock times and percentages, and numbers the view itself carries', () => {
    expect(
      scanReportText(
        '2026-03-03 at 10:06, 3 March 2026, up 2.3%, call wall ~550',
        forbidden,
        [550],
      ),
    ).toEqual([]);
  });

  it('reads only the visible text of HTML and SVG', () => {
    const html =
      '<html><head><style>.a{width:545.86px}</style></head><body><p style="margin:550px">ok</p></body></html>';
    expect(scanReportText(visibleText(html), forbidden, [])).toEqual([]);
    expect(
      scanReportText(visibleText('<svg><text>545.86</text></svg>'), forbidden, []),
    ).toHaveLength(1);
  });
});
