/**
 * The template writer (handlebars): plain sentences from the facts alone, no model. The default
 * writer and every model call's fallback, so it must always produce a text that passes the fact
 * check (it writes only the facts' own numbers, rounded the way the check allows).
 */
import Handlebars from 'handlebars';
import type { NarrativeFacts } from '../writer/facts.js';
import { roundTo } from '../writer/fact-check.js';
import { inPlainWords, smallNumberInWords } from '../writer/plain-words.js';
import type { NarrativeWriter, WriterOutput, WriterRequest } from '../writer/writer-port.js';

const hbs = Handlebars.create();
hbs.registerHelper('num', (v: number) => trimmed(v, 2));
hbs.registerHelper('pct', (v: number) => trimmed(Math.abs(v), 1));
hbs.registerHelper('plain', (s: string) => inPlainWords(s));

// Prose only: no HTML escaping (the channel renderers escape for their own formats).
const compile = (source: string) => hbs.compile(source, { noEscape: true, strict: false });

const SIGNAL = compile(
  [
    '{{#if lead}}{{lead}}{{#if flip}} while {{flip}}{{/if}}.',
    '{{#if setup}} This is {{article (plain setup)}} setup{{#if directionWords}}, {{directionWords}}{{/if}}.{{/if}}',
    '{{else}}{{symbol}} has {{#if setup}}{{article (plain setup)}}{{else}}a{{/if}} setup{{#if directionWords}}, {{directionWords}}{{/if}}.',
    '{{#if flip}} {{capital flip}}.{{/if}}{{/if}}',
    '{{#if levels.callWall}} The call wall is at {{num levels.callWall}}{{#if levels.putWall}} and the put wall at {{num levels.putWall}}{{/if}}.{{/if}}',
    '{{#if trade}} Entry around ${{usd trade.entry}}{{#if trade.credit}} credit{{/if}}, stop ${{usd trade.stop}}, target ${{usd trade.target}}.{{/if}}',
    '{{#if regime}} The market is in {{article (plain regime.label)}} regime{{#if regime.confidencePct}} ({{pct regime.confidencePct}}% confidence){{/if}}.{{/if}}',
    '{{#each risks}} Risk: {{plain this}}.{{/each}}',
    '{{#if invalidation}} The setup is invalid if {{plain invalidation}}.{{/if}}',
  ].join(''),
);

const OPERATOR_ALERT = compile(
  [
    '{{#if headline}}{{capital (plain headline)}}{{else}}Alert on {{symbol}}{{/if}}.',
    '{{#each points}} {{capital (plain this)}}.{{/each}}',
    '{{#each risks}} Risk: {{plain this}}.{{/each}}',
  ].join(''),
);

const REGIME_CONTEXT = compile(
  [
    '{{#if regime}}{{symbol}} is in {{article (plain regime.label)}} regime{{#if regime.confidencePct}} ({{pct regime.confidencePct}}% confidence){{/if}}{{else}}{{symbol}} has no clear regime{{/if}}',
    '{{#if flip}}, while {{flip}}{{/if}}.',
    '{{#if levels.callWall}} The call wall is at {{num levels.callWall}}{{#if levels.putWall}} and the put wall at {{num levels.putWall}}{{/if}}.{{/if}}',
    '{{#if headline}} {{capital (plain headline)}}.{{/if}}',
    '{{#each points}} {{capital (plain this)}}.{{/each}}',
  ].join(''),
);

// A credit trade's prices are negative in the facts; prose writes their size ("$1.78 credit").
hbs.registerHelper('usd', (v: number) => roundTo(Math.abs(v), 2).toFixed(2));
hbs.registerHelper('article', (s: string) => `${/^[aeiou]/i.test(s) ? 'an' : 'a'} ${s}`);
hbs.registerHelper('capital', (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s));

/** Renders the facts as plain sentences (no request, no cost). */
export function renderTemplateNarrative(facts: NarrativeFacts): string {
  const view = templateView(facts);
  const text =
    facts.kind === 'operator_alert'
      ? OPERATOR_ALERT(view)
      : facts.kind === 'regime_context'
        ? REGIME_CONTEXT(view)
        : SIGNAL(view);
  return text.replace(/\s+/g, ' ').replace(/\.\.+/g, '.').trim();
}

export class TemplateNarrativeWriter implements NarrativeWriter {
  readonly provider = 'template' as const;
  readonly model = 'template';

  write(request: WriterRequest): Promise<WriterOutput> {
    return Promise.resolve({
      text: renderTemplateNarrative(request.facts),
      usage: { inputTokens: 0, outputTokens: 0 },
      model: this.model,
    });
  }
}

function templateView(facts: NarrativeFacts) {
  return {
    ...facts,
    symbol: facts.subject.symbol,
    setup: facts.subject.setup,
    directionWords: directionWords(facts),
    trade: facts.trade && { ...facts.trade, credit: facts.trade.entry < 0 },
    lead: lead(facts),
    flip: flipClause(facts),
  };
}

function directionWords(facts: NarrativeFacts): string | undefined {
  switch (facts.subject.direction) {
    case 'bullish':
      return 'looking for a move up';
    case 'bearish':
      return 'looking for a move down';
    case 'neutral':
      return 'expecting price to stay in a range';
    default:
      return undefined;
  }
}

/** "SPY's 543 puts jumped 6.7% in three minutes on heavy volume". */
function lead(facts: NarrativeFacts): string | undefined {
  const move = facts.move;
  if (!move) return undefined;
  const { symbol, contract } = facts.subject;
  const up = move.pct >= 0;
  const size = `${trimmed(Math.abs(move.pct), 1)}%`;
  const window = move.minutes === undefined ? '' : ` in ${minutesInWords(move.minutes)}`;
  const volume = move.heavyVolume ? ' on heavy volume' : '';
  if (move.of === 'contract' && contract) {
    const verb = up ? 'jumped' : 'dropped';
    return `${symbol}'s ${trimmed(contract.strike, 2)} ${contract.right}s ${verb} ${size}${window}${volume}`;
  }
  const what = move.of === 'contract' ? `${symbol} option premium` : symbol;
  return `${what} ${up ? 'rose' : 'fell'} ${size}${window}${volume}`;
}

/** "price sits under the gamma flip at 545.86 — dealers are short gamma here, so moves can run". */
function flipClause(facts: NarrativeFacts): string | undefined {
  const l = facts.levels;
  if (!l || l.gammaFlip === undefined) return undefined;
  const where =
    l.spot === undefined
      ? 'the gamma flip is'
      : l.spot < l.gammaFlip
        ? 'price sits under the gamma flip'
        : 'price holds above the gamma flip';
  const dealers =
    l.dealerGamma ?? (l.spot === undefined ? undefined : l.spot < l.gammaFlip ? 'short' : 'long');
  const effect =
    dealers === 'short'
      ? ' — dealers are short gamma here, so moves can run'
      : dealers === 'long'
        ? ' — dealers are long gamma here, so moves tend to stall'
        : '';
  return `${where} at ${trimmed(l.gammaFlip, 2)}${effect}`;
}

/** "three minutes", "15 minutes". */
function minutesInWords(minutes: number): string {
  const words = smallNumberInWords(minutes) ?? trimmed(minutes, 0);
  return `${words} minute${minutes === 1 ? '' : 's'}`;
}

/** At most `decimals` decimals, trailing zeros dropped (545.860 → 545.86, 543.00 → 543). */
function trimmed(value: number, decimals: number): string {
  return String(roundTo(value, decimals));
}
