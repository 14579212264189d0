/**
 * A stored narrative's fact-check verdict and approval in sentences an operator reads on the
 * signal page and in Content QA.
 */
import type { NarrativeEntry } from '../../../narrative/store/narrative-store.js';
import { at } from '../page-format.js';

export interface VerdictWords {
  ok: boolean;
  words: string;
}

function listed(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** What happened to the model's text, and what the reader got instead when it was not used. */
export function factCheckVerdict(e: NarrativeEntry): VerdictWords {
  const d = e.verdictDetail;
  switch (e.verdict) {
    case 'passed':
      return { ok: true, words: `${passedWords(e)}` };
    case 'rejected': {
      const numbers = d && 'unmatched' in d ? d.unmatched.map((u) => u.text) : [];
      const ids = d && 'machineTokens' in d ? d.machineTokens : [];
      const why = [
        numbers.length
          ? `${listed(numbers)} ${numbers.length === 1 ? 'is' : 'are'} not in the facts`
          : '',
        ids.length ? `it names ${listed(ids)}` : '',
      ].filter(Boolean);
      return {
        ok: false,
        words: `The fact check rejected the model's text (${why.join('; ')}), so the template text was sent.`,
      };
    }
    case 'timed_out':
      return {
        ok: true,
        words:
          d && 'budgetMs' in d
            ? `The model had not answered within ${d.budgetMs} ms, so the template text was sent; its text has not arrived.`
            : "The model's request timed out, so the template text was sent.",
      };
    case 'error': {
      const why =
        d && 'message' in d ? `${d.error}${d.status ? ` ${d.status}` : ''}: ${d.message}` : '';
      return { ok: false, words: `The model call failed (${why}), so the template text was sent.` };
    }
    case 'not_called':
      if (d && 'reason' in d && d.reason === 'spend_cap')
        return {
          ok: true,
          words: `No model was asked: the day's model spend cap ($${d.capUsd ?? 0}) was reached, so the template text was sent.`,
        };
      if (d && 'reason' in d && d.reason === 'approval_lower_tier')
        return {
          ok: true,
          words:
            'No model was asked: while narratives need approval, Basic and Free get the template text (they receive no follow-up).',
        };
      return { ok: true, words: 'Template text written from the facts (no model is configured).' };
  }
}

function passedWords(e: NarrativeEntry): string {
  const arrived = e.late ? 'arrived after the time budget and passed' : 'passed';
  switch (e.approval) {
    case 'pending':
      return `The model's text ${arrived} the fact check and waits for an editor's approval; the signal went out with the template text.`;
    case 'held':
      return `The model's text ${arrived} the fact check; ${e.decidedBy ?? 'an editor'} held it${e.note ? ` ("${e.note}")` : ''}, so it is never sent.`;
    case 'approved':
      return e.sentAt !== null
        ? `The model's text ${arrived} the fact check; ${e.decidedBy ?? 'an editor'} approved it and it followed as an update at ${at(e.sentAt)}.`
        : `The model's text ${arrived} the fact check; ${e.decidedBy ?? 'an editor'} approved it and it is being sent as an update.`;
    case 'none':
      return e.late
        ? e.tier === 'premium' || e.tier === null
          ? "The model's text arrived after the time budget and passed the fact check; it followed the signal as an update."
          : "The model's text arrived after the time budget and passed the fact check, too late for this tier (it hears one message per signal): the template text stands."
        : "The model's text passed the fact check and was sent.";
  }
}
