/**
 * An email fan-out renders, per recipient, the same message but for the recipient's unsubscribe
 * link. This renders it once per (event, tier) with a placeholder link and puts each recipient's
 * link in its place — escaped as Handlebars escapes it in the HTML part, as it is in the text parts
 * — so 10,000 recipients cost one render, not 10,000. The result is the same as rendering for the
 * recipient (test/unit/distribution/render-once.test.ts compares the two).
 */
import Handlebars from 'handlebars';
import type { Rendered, RenderInput, TemplateRenderer } from './renderer.js';

/** Letters only: nothing Handlebars escapes, no digit for the leak scanner to read. */
export const LINK_PLACEHOLDER = 'https://unsubscribe.gammadesk.invalid/recipient-link';
const CACHED = 32;

/** `renderer` with email renders shared across a fan-out (everything else as it was). */
export function renderOnce(renderer: TemplateRenderer): TemplateRenderer {
  const cache = new Map<string, Rendered>();
  const once = Object.create(renderer) as TemplateRenderer;
  once.render = (input: RenderInput): Rendered => {
    const url = input.unsubscribeUrl;
    if (input.channel !== 'email' || !url || (input.attachments?.length ?? 0) > 0) {
      return renderer.render(input);
    }
    const key = JSON.stringify([
      input.signal.id,
      input.signal.publishedAt,
      input.update,
      input.tier,
      input.delayMs,
      input.narrative ?? null,
    ]);
    let shared = cache.get(key);
    if (!shared) {
      shared = renderer.render({ ...input, unsubscribeUrl: LINK_PLACEHOLDER });
      cache.set(key, shared);
      if (cache.size > CACHED) cache.delete(cache.keys().next().value!);
    }
    return personalize(shared, url);
  };
  return once;
}

/** The shared render with the recipient's link in place of the placeholder. */
export function personalize(shared: Rendered, url: string): Rendered {
  const raw = (s: string) => s.split(LINK_PLACEHOLDER).join(url);
  const m = shared.message;
  if (m.channel !== 'email') return shared;
  const escaped = Handlebars.escapeExpression(url);
  const html = m.html.split(LINK_PLACEHOLDER).join(escaped);
  return {
    ...shared,
    message: { ...m, subject: raw(m.subject), html, text: raw(m.text) },
    text: raw(shared.text),
    parts: shared.parts.map((p) => (p === m.html ? html : raw(p))),
    safeFragments: shared.safeFragments.map(raw),
  };
}
