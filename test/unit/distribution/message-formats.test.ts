import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanMessage } from '../../../src/distribution/leak-scanner.js';
import {
  discordEmbedChars,
  redditTitle,
  telegramHtmlProblems,
  xWeightedLength,
} from '../../../src/distribution/platform-limits.js';
import { TemplateRenderer, type Rendered } from '../../../src/distribution/renderer.js';
import { TIER_CHANNELS, type TierChannel } from '../../../src/distribution/tier-policy.js';
import { machineTokens } from '../../../src/narrative/writer/plain-words.js';
import type { PublishedSignal, SignalUpdate } from '../../../src/signals/signal.js';
import { TIERS, type Tier } from '../../../src/vocabulary/tier.js';
import type { SignalLeg } from '../../../src/vocabulary/trading.js';
import { sampleSignal, signalArb } from './signal-fixtures.js';

const renderer = new TemplateRenderer(undefined, {}, { publicBaseUrl: 'https://gd.example/' });
const DELAY: Record<Tier, number> = { premium: 0, basic: 60_000, free: 300_000 };

const leg = (
  right: 'call' | 'put',
  strike: number,
  side: 'buy' | 'sell',
  quantity = 2,
): SignalLeg => ({
  occSymbol: `SPY260306${right === 'call' ? 'C' : 'P'}${String(strike * 1000).padStart(8, '0')}`,
  right,
  strike,
  expiry: '2026-03-06',
  side,
  quantity,
});

const condor = sampleSignal({
  id: 'SIG-20260302-007',
  strategy: 'gex_iron_condor',
  direction: 'neutral',
  legs: [
    leg('put', 425, 'buy'),
    leg('put', 430, 'sell'),
    leg('call', 450, 'sell'),
    leg('call', 455, 'buy'),
  ],
  entry: -1.2,
  stop: -2.4,
  target: -0.6,
  size: 2,
  narrative:
    'gex_iron_condor range: price pinned between walls. Invalidation: SPY closes outside 430–450.',
});

const spread = sampleSignal({
  id: 'SIG-20260302-002',
  legs: [leg('call', 440, 'buy', 1), leg('call', 445, 'sell', 1)],
  entry: 1.1,
  stop: 0.55,
  target: 2.2,
  size: 1,
});

function render(
  tier: Tier,
  channel: TierChannel,
  signal: PublishedSignal,
  update: SignalUpdate | null = null,
): Rendered {
  return renderer.render({ tier, channel, signal, update, delayMs: DELAY[tier] });
}

/** Every platform rule a rendered message must meet. */
function platformProblems(r: Rendered): string[] {
  const m = r.message;
  switch (m.channel) {
    case 'discord': {
      const out: string[] = [];
      if ([...m.content].length > 2000) out.push('content over 2000');
      if (discordEmbedChars(m.embeds) > 6000) out.push('embeds over 6000');
      for (const e of m.embeds) {
        if ((e.fields?.length ?? 0) > 25) out.push('over 25 fields');
        for (const f of e.fields ?? []) if (!f.value.trim()) out.push(`empty field ${f.name}`);
      }
      return out;
    }
    case 'telegram':
      return telegramHtmlProblems(m.html);
    case 'twitter': {
      const x = xWeightedLength(m.status);
      return x.valid && x.weighted <= 280 ? [] : [`X weight ${x.weighted}`];
    }
    case 'reddit':
      return [...m.title].length <= 300 ? [] : ['reddit title over 300'];
    case 'email':
      return m.subject.includes('\n') ? ['subject has a line break'] : [];
  }
}

describe('headlines per tier, in the issue’s words', () => {
  it('Premium: the trade in one line; multi-leg positions read as spreads and condors', () => {
    expect(render('premium', 'telegram', sampleSignal()).text).toContain(
      '<b>BUY SPY 442C 2026-03-06 @ $1.25 · Stop $0.65 · Target $2.40 · Size 3 contracts</b>',
    );
    const c = render('premium', 'telegram', condor).text;
    expect(c).toContain(
      'SELL SPY 425/430P 450/455C 2026-03-06 iron condor @ $1.20 credit · Stop $2.40 · Target $0.60 · Size 2 condors',
    );
    expect(c).toContain('• Sell 2 SPY 430 puts expiring 2026-03-06');
    expect(c).toContain('<b>Invalid if:</b> SPY closes outside 430–450');
    expect(c).toContain('iron condor between gamma walls');
    expect(render('premium', 'email', spread).text).toContain(
      'BUY SPY 440/445C 2026-03-06 call spread @ $1.10 debit · Stop $0.55 · Target $2.20 · Size 1 spread',
    );
  });

  it('Basic: action, structure and a rounded strike; Free: the teaser and the /pricing link', () => {
    expect(render('basic', 'telegram', sampleSignal()).text).toContain(
      '<b>BUY SPY calls around 440</b>',
    );
    expect(render('basic', 'telegram', condor).text).toContain(
      '<b>SELL SPY iron condor around 440</b>',
    );
    const free = render('free', 'telegram', sampleSignal()).text;
    expect(free).toContain('Bullish SPY setup triggered — Premium members entered calls');
    expect(free).toContain('<a href="https://gd.example/pricing">See the plans</a>');
    expect(render('free', 'discord', condor).text).toContain(
      'Neutral SPY setup triggered — Premium members sold an iron condor',
    );
  });

  it('no strategy ids or contract symbols in prose; the order ticket is the only code', () => {
    for (const s of [sampleSignal(), condor, spread]) {
      for (const tier of TIERS) {
        for (const channel of TIER_CHANNELS) {
          const text = render(tier, channel, s).text.replace(/Order ticket[^\n]*\n?/g, '');
          expect(machineTokens(text.replace(/"[a-z_]+":/g, ''))).toEqual([]);
        }
      }
    }
  });
});

describe('follow-ups per tier in plain words', () => {
  const s = sampleSignal();
  const at = s.publishedAt + 600_000;
  const moved: SignalUpdate = {
    signalId: s.id,
    kind: 'stop_moved',
    at,
    newStop: 1.25,
    reason: 'trail',
  };
  const flat: SignalUpdate = {
    signalId: s.id,
    kind: 'closed',
    at,
    exitPrice: 1.25,
    returnPct: 0,
    reason: 'time stop',
  };
  const lost: SignalUpdate = { ...flat, exitPrice: 0.65, returnPct: -0.48, reason: 'stop hit' };

  it('Premium: breakeven, exits with their currency, New York time with the zone', () => {
    const m = render('premium', 'telegram', s, moved).text;
    expect(m).toContain('SPY 442C 2026-03-06: stop moved to breakeven ($1.25)');
    expect(m).toContain('10:10 ET, Mon Mar 2');
    const raised = render('premium', 'telegram', s, { ...moved, newStop: 0.95 }).text;
    expect(raised).toContain('stop raised to $0.95');
    expect(render('premium', 'discord', s, flat).text).toContain('closed flat at $1.25');
    expect(render('premium', 'email', s, lost).text).toContain('closed at $0.65, loss of 48%');
  });

  it('Basic hears "trailing stop active" and the close; Free only the close, never "a flat"', () => {
    expect(render('basic', 'telegram', s, moved).text).toContain(
      'BUY SPY calls around 440 — trailing stop active',
    );
    expect(render('basic', 'email', s, flat).text).toContain(
      'BUY SPY calls around 440 — closed flat',
    );
    const free = render('free', 'discord', s, flat).text;
    expect(free).toContain('Bullish SPY setup closed flat');
    expect(free).not.toContain('a flat');
    expect(render('free', 'reddit', s, lost).text).toContain(
      'Bullish SPY setup closed with a loss of 48%',
    );
  });

  it('every signal and follow-up message carries its signal id, on every channel', () => {
    for (const tier of TIERS) {
      for (const channel of TIER_CHANNELS) {
        expect(render(tier, channel, s).text).toContain('SIG-20260302-001');
        const update = tier === 'free' ? flat : moved;
        expect(render(tier, channel, s, update).text).toContain('SIG-20260302-001');
      }
    }
  });
});

describe('platform limits and formatting', () => {
  it('the checks themselves catch what the platforms reject', () => {
    expect(telegramHtmlProblems('<b>ok</b> &lt;3 &amp; <a href="https://x.y">l</a>')).toEqual([]);
    expect(telegramHtmlProblems('<h2>no</h2>')).toContain('unsupported tag <h2>');
    expect(telegramHtmlProblems('a < b')).toContain('a bare < or > outside a tag');
    expect(telegramHtmlProblems('R&D')[0]).toMatch(/bare &/);
    expect(telegramHtmlProblems('<b>open')[0]).toMatch(/unclosed/);
    expect(telegramHtmlProblems('x'.repeat(4097))[0]).toMatch(/4097 characters/);
    // twitter-text weighs CJK as two and any URL as 23.
    expect(xWeightedLength('日本'.repeat(70)).weighted).toBe(280);
    expect(xWeightedLength(`see https://example.com/${'a'.repeat(200)}`).weighted).toBe(27);
    expect([...redditTitle('word '.repeat(100))].length).toBeLessThanOrEqual(300);
    expect(redditTitle('word '.repeat(100))).toMatch(/…$/);
  });

  it('a long narrative and wide positions still fit every platform', () => {
    const long = sampleSignal({
      narrative: `${'Dealers are short gamma <below> the flip & "breadth" is thin. '.repeat(80)}`,
      riskFactors: Array.from({ length: 30 }, (_, i) => `risk number ${i} with a long description`),
    });
    for (const tier of TIERS) {
      for (const channel of TIER_CHANNELS) {
        const r = renderer.render({
          tier,
          channel,
          signal: long,
          update: null,
          delayMs: DELAY[tier],
          narrative: tier === 'premium' ? undefined : 'Short narrative <with> & tags.'.repeat(20),
        });
        expect(platformProblems(r), `${tier} ${channel}`).toEqual([]);
      }
    }
  });

  it('property: random signals render within every platform’s rules, with the id and no leak', () => {
    fc.assert(
      fc.property(signalArb, (signal) => {
        for (const tier of TIERS) {
          for (const channel of TIER_CHANNELS) {
            const r = render(tier, channel, signal);
            expect(platformProblems(r)).toEqual([]);
            expect(r.text).toContain(signal.id);
            expect(scanMessage({ tier, signal, update: null, ...r })).toEqual([]);
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('the chart slot: an attached PNG goes with Discord, Telegram and email, not X or Reddit', () => {
    const png = {
      filename: 'chart.png',
      contentType: 'image/png',
      data: new Uint8Array([137, 80]),
    };
    const s = sampleSignal();
    for (const channel of TIER_CHANNELS) {
      const r = renderer.render({
        tier: 'premium',
        channel,
        signal: s,
        update: null,
        delayMs: 0,
        attachments: [png],
      });
      const expected = channel === 'twitter' || channel === 'reddit' ? 0 : 1;
      expect(r.attachments, channel).toHaveLength(expected);
      if (r.message.channel === 'discord') {
        expect(r.message.embeds[0]?.image?.url).toBe('attachment://chart.png');
      }
    }
  });
});
