import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIERS, type Tier } from '../../../src/vocabulary/tier.js';
import {
  allowedNumbers,
  premiumOnlyNumbers,
  scanForLeaks,
  scanMessage,
} from '../../../src/distribution/leak-scanner.js';
import { RenderError, TemplateRenderer } from '../../../src/distribution/renderer.js';
import { TIER_CHANNELS } from '../../../src/distribution/tier-policy.js';
import { basicView, freeView, money, plain, roundStrike } from '../../../src/distribution/views.js';
import type { SignalUpdate } from '../../../src/signals/signal.js';
import { sampleSignal, signalArb } from './signal-fixtures.js';

const renderer = new TemplateRenderer();
const DELAY: Record<Tier, number> = { premium: 0, basic: 60_000, free: 300_000 };

describe('views', () => {
  it('basic and free views carry only whitelisted fields', () => {
    const s = sampleSignal();
    expect(Object.keys(basicView(s)).sort()).toEqual(
      [
        'actionHeadline',
        'direction',
        'directionWord',
        'headline',
        'rightWord',
        'signalId',
        'strategyWords',
        'strikeAround',
        'symbol',
        'tier',
      ].sort(),
    );
    expect(basicView(s).headline).toBe('SPY calls around 440');
    expect(Object.keys(freeView(s)).sort()).toEqual(
      ['directionWord', 'headline', 'signalId', 'symbol', 'teaser', 'tier'].sort(),
    );
    expect(freeView(s).headline).toBe('Bullish SPY setup triggered');
    expect(roundStrike(5812.5)).toBe(5800);
    expect(roundStrike(47)).toBe(45);
  });
});

describe('rendering every tier × channel', () => {
  const s = sampleSignal();
  for (const tier of TIERS) {
    for (const channel of TIER_CHANNELS) {
      it(`${tier} ${channel}: footer, freshness stamp, no leak`, () => {
        const r = renderer.render({ tier, channel, signal: s, update: null, delayMs: DELAY[tier] });
        expect(r.text).toContain('investment advice');
        expect(r.text).toContain('Data as of 09:59:58 ET on 2026-03-02');
        expect(scanMessage({ tier, signal: s, update: null, ...r })).toEqual([]);
      });
    }
  }

  it('Telegram HTML escapes the narrative; the Discord payload is valid JSON with embeds', () => {
    const tg = renderer.render({
      tier: 'premium',
      channel: 'telegram',
      signal: s,
      update: null,
      delayMs: 0,
    });
    expect(tg.text).toContain('&lt;momentum&gt; &amp; &quot;breadth&quot;');
    expect(tg.text).not.toContain('<momentum>');
    const dc = renderer.render({
      tier: 'premium',
      channel: 'discord',
      signal: s,
      update: null,
      delayMs: 0,
    });
    if (dc.message.channel !== 'discord') throw new Error('wrong channel');
    expect(dc.message.embeds[0].fields?.find((f) => f.name === 'Entry')?.value).toBe('$1.25');
    expect(dc.message.embeds[0].description).toContain('<momentum> & "breadth"');
  });

  it('the free tweet fits 280 characters and the Reddit post is educational', () => {
    const tw = renderer.render({
      tier: 'free',
      channel: 'twitter',
      signal: s,
      update: null,
      delayMs: 300_000,
    });
    expect([...tw.text].length).toBeLessThanOrEqual(280);
    const rd = renderer.render({
      tier: 'free',
      channel: 'reddit',
      signal: s,
      update: null,
      delayMs: 300_000,
    });
    expect(rd.text).toContain('Educational post');
  });

  it('the email carries the recipient unsubscribe link', () => {
    const r = renderer.render({
      tier: 'basic',
      channel: 'email',
      signal: s,
      update: null,
      delayMs: 60_000,
      unsubscribeUrl: 'https://gd.local/u/abc123',
    });
    if (r.message.channel !== 'email') throw new Error('wrong channel');
    expect(r.message.html).toContain('href="https://gd.local/u/abc123"');
    expect(r.message.text).toContain('https://gd.local/u/abc123');
  });

  it('follow-ups: premium hears the new stop, basic only "trailing stop active", free only the close', () => {
    const moved: SignalUpdate = {
      signalId: s.id,
      kind: 'stop_moved',
      at: s.publishedAt + 600_000,
      newStop: 0.95,
      reason: 'trail to 0.95',
    };
    const closed: SignalUpdate = {
      signalId: s.id,
      kind: 'closed',
      at: s.publishedAt + 900_000,
      exitPrice: 1.88,
      returnPct: 0.504,
      reason: 'target hit',
    };
    expect(
      renderer.render({
        tier: 'premium',
        channel: 'telegram',
        signal: s,
        update: moved,
        delayMs: 0,
      }).text,
    ).toContain('$0.95');
    const basic = renderer.render({
      tier: 'basic',
      channel: 'telegram',
      signal: s,
      update: moved,
      delayMs: 60_000,
    });
    expect(basic.text).toContain('trailing stop active');
    expect(scanMessage({ tier: 'basic', signal: s, update: moved, ...basic })).toEqual([]);
    expect(() =>
      renderer.render({
        tier: 'free',
        channel: 'discord',
        signal: s,
        update: moved,
        delayMs: 300_000,
      }),
    ).toThrow(RenderError);
    const free = renderer.render({
      tier: 'free',
      channel: 'reddit',
      signal: s,
      update: closed,
      delayMs: 300_000,
    });
    expect(free.text).toContain('Bullish SPY setup closed with a gain of 50%');
    expect(scanMessage({ tier: 'free', signal: s, update: closed, ...free })).toEqual([]);
  });
});

describe('leak scanner', () => {
  const s = sampleSignal();
  const forbidden = premiumOnlyNumbers(s);
  const scan = (text: string) => scanForLeaks({ texts: [text], forbidden });
  it.each([
    ['strike 442', '442'],
    ['strike 442.00', '442.00'],
    ['$1.25 entry', '$1.25'],
    ['1.250', '1.250'],
    ['stop .65', '.65'],
    ['level 438.50', '438.50'],
    ['entities &#52;&#52;&#50;', '442'],
    ['markdown 1\\.25', '1.25'],
  ])('finds %s', (text) => {
    expect(scan(text).length).toBeGreaterThan(0);
  });
  it('ignores numbers that are not premium-only, and safe fragments', () => {
    expect(scan('SPY calls around 440, trailing stop active')).toEqual([]);
    expect(
      scanForLeaks({
        texts: ['as of 10:03:02 ET'],
        forbidden,
        safeFragments: ['as of 10:03:02 ET'],
      }),
    ).toEqual([]);
  });
  it('finds an OCC symbol', () => {
    const r = scanMessage({
      tier: 'basic',
      signal: s,
      update: null,
      parts: ['see SPY260306C00442000'],
      safeFragments: [],
    });
    expect(r.map((f) => f.field)).toContain('legs[0].occSymbol');
  });
  it('blocks a deliberately broken template that prints the entry', () => {
    const broken = new TemplateRenderer(undefined, {
      'basic/telegram.html': '<b>{{signal.headline}}</b> entry $1.25 {{stamp}} {{footer}}',
    });
    const r = broken.render({
      tier: 'basic',
      channel: 'telegram',
      signal: s,
      update: null,
      delayMs: 60_000,
    });
    expect(
      scanMessage({ tier: 'basic', signal: s, update: null, ...r }).map((f) => f.field),
    ).toContain('entry');
  });
  it('a template asking a lower-tier view for a premium field fails to render (strict mode)', () => {
    const broken = new TemplateRenderer(undefined, { 'free/twitter.txt': '{{signal.entry}}' });
    expect(() =>
      broken.render({ tier: 'free', channel: 'twitter', signal: s, update: null, delayMs: 1 }),
    ).toThrow(RenderError);
  });
});

describe('property: random signals × every tier × channel', () => {
  it('premium shows all its fields; lower tiers none of the forbidden ones', () => {
    fc.assert(
      fc.property(signalArb, (signal) => {
        for (const tier of TIERS) {
          for (const channel of TIER_CHANNELS) {
            if (tier === 'premium' && channel === 'twitter') continue; // a teaser channel
            const r = renderer.render({
              tier,
              channel,
              signal,
              update: null,
              delayMs: DELAY[tier],
            });
            const all = r.parts.join('\n');
            if (tier === 'premium') {
              for (const v of [money(signal.entry), money(signal.stop), money(signal.target)]) {
                expect(all).toContain(v);
              }
              expect(all).toContain(String(signal.size));
              for (const l of signal.legs) expect(all).toContain(l.occSymbol);
              for (const v of Object.values(signal.levels)) expect(all).toContain(plain(v));
            } else {
              expect(scanMessage({ tier, signal, update: null, ...r })).toEqual([]);
              // Independent check: no premium-only value appears in any textual format.
              const allowed = allowedNumbers(tier, signal);
              let masked = all.replace(/<[^>]+>/g, ' '); // tag names such as <h2> are not content
              for (const f of r.safeFragments) masked = masked.split(f).join(' ');
              for (const f of premiumOnlyNumbers(signal)) {
                if (allowed.includes(f.value)) continue;
                const tokens = masked.match(/\d[\d,]*(?:\.\d+)?/g) ?? [];
                expect(tokens.map((t) => Number(t.replace(/,/g, '')))).not.toContain(f.value);
              }
              for (const l of signal.legs) expect(all).not.toContain(l.occSymbol);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
