/** The one-line outcome an action redirects with (`?message=…&error=1`), shown on the next page. */
import { HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { messageOf } from './page-format.js';

export interface Flash {
  text: string;
  error: boolean;
}

export function flashOf(query: unknown): Flash | null {
  const q = (query ?? {}) as Record<string, unknown>;
  const text = typeof q.message === 'string' ? q.message.slice(0, 400) : '';
  return text ? { text, error: q.error === '1' } : null;
}

/** Redirects (303) to `path` with the outcome of an action as its flash. */
export function redirectWith(res: Response, path: string, text: string, error = false): void {
  const params = new URLSearchParams({ message: text.slice(0, 400) });
  if (error) params.set('error', '1');
  res.redirect(303, `${path}?${params.toString()}`);
}

/**
 * Runs a portal action: its message on success; a refusal (4xx: bad input, not allowed in
 * this state) as an error flash. Anything else is a fault of ours and propagates (logged, 500).
 */
export async function runAction(
  res: Response,
  back: string,
  action: () => Promise<string>,
): Promise<void> {
  try {
    redirectWith(res, back, await action());
  } catch (err) {
    if (err instanceof HttpException && err.getStatus() < 500) {
      redirectWith(res, back, messageOf(err), true);
      return;
    }
    throw err;
  }
}
