import { describe, expect, it } from 'vitest';
import {
  discordMarkdown,
  discordPreviewHtml,
  embedColourClass,
  telegramPreviewHtml,
} from '../../../src/admin/pages/signals/message-previews.js';
import { factCheckVerdict } from '../../../src/admin/pages/signals/narrative-verdict.js';
import type { NarrativeEntry } from '../../../src/narrative/store/narrative-store.js';

describe('portal previews of chat messages', () => {
  it('renders Discord markdown and escapes everything else', () => {
    expect(discordMarkdown('**BUY** `SPY 442C` <script>alert(1)</script> & *soon*')).toBe(
      '<b>BUY</b> <code>SPY 442C</code> &lt;script&gt;alert(1)&lt;/script&gt; &amp; <i>soon</i>',
    );
    // Markdown inside code stays literal.
    expect(discordMarkdown('`**not bold**`')).toBe('<code>**not bold**</code>');
  });

  it('shows an embed with its fields and the nearest colour class, no inline style', () => {
    const html = discordPreviewHtml({
      content: '**New signal**',
      embeds: [
        {
          title: 'Bullish SPY',
          color: 5763719,
          description: 'Dealers <short> gamma',
          fields: [{ name: 'Entry', value: '$1.25', inline: true }],
          footer: { text: 'Not advice' },
        },
      ],
    });
    expect(html).toContain('<b>New signal</b>');
    expect(html).toContain('class="embed embed-green"');
    expect(html).toContain('Dealers &lt;short&gt; gamma');
    expect(html).toContain(
      '<div class="embed-field inline"><div class="embed-field-name">Entry</div><div>$1.25</div></div>',
    );
    expect(html).not.toMatch(/style=/);
    expect(embedColourClass(15844367)).toBe('embed-yellow');
    expect(embedColourClass(undefined)).toBe('embed-grey');
  });

  it("keeps Telegram's HTML subset, drops other tags as text and unsafe links", () => {
    const html = telegramPreviewHtml(
      '<b>BUY SPY</b> &amp; <i>more</i>\n<a href="https://gammadesk.example/p?a=1&amp;b=2">link</a> <a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)> <code>a<b</code>',
    );
    expect(html).toContain('<b>BUY SPY</b> &amp; <i>more</i><br>');
    expect(html).toContain(
      '<a href="https://gammadesk.example/p?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">link</a>',
    );
    expect(html).toContain('<a>x</a>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // An unclosed tag is closed; a stray < is text.
    expect(telegramPreviewHtml('<b>open')).toBe('<div class="telegram-bubble"><b>open</b></div>');
  });

  it('words the fact-check verdict of a stored narrative', () => {
    const base: NarrativeEntry = {
      id: 'n1',
      kind: 'signal',
      cacheKey: 'signal:s1:premium',
      signalId: 's1',
      tier: 'premium',
      writer: 'anthropic',
      model: 'm',
      factsHash: 'h',
      facts: {
        kind: 'signal',
        audience: 'premium',
        subject: { symbol: 'SPY' },
        points: [],
        risks: [],
        counterfactuals: [],
        numbers: [],
      },
      rawText: 'SPY rose 12.5%.',
      verdict: 'passed',
      verdictDetail: null,
      usedText: 'SPY rose 12.5%.',
      usedSource: 'model',
      late: false,
      attempts: 1,
      inputTokens: 10,
      outputTokens: 5,
      costUsd: 0.0001,
      latencyMs: 120,
      approval: 'none',
      decidedAt: null,
      decidedBy: null,
      note: null,
      sentAt: null,
      createdAt: 0,
      updatedAt: 0,
    };
    expect(factCheckVerdict(base)).toEqual({
      ok: true,
      words: "The model's text passed the fact check and was sent.",
    });
    const failed = factCheckVerdict({
      ...base,
      verdict: 'rejected',
      verdictDetail: {
        unmatched: [{ text: '12.5%', index: 3, kind: 'percent' }],
        machineTokens: [],
      },
    });
    expect(failed.ok).toBe(false);
    expect(failed.words).toContain('12.5% is not in the facts');
    const held = factCheckVerdict({ ...base, approval: 'held', decidedBy: 'ed@x', note: 'tone' });
    expect(held.words).toContain('ed@x held it ("tone"), so it is never sent');
  });
});
