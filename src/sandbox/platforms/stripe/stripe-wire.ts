/** Stripe's wire format as the fake reads and writes it: form decoding, replies and ids. */
import { randomBytes } from 'node:crypto';
import type { FakeReply } from '../../fake-http-server.js';

export type StripeFormValue = string | StripeForm | StripeFormValue[];
export interface StripeForm {
  [key: string]: StripeFormValue;
}

/** Decodes Stripe's form encoding (`a[b][0][c]=v`) into nested objects and arrays. */
export function parseStripeForm(raw: string): StripeForm {
  const root: StripeForm = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.replace(/\]/g, '').split('[');
    let node: Record<string, StripeFormValue> | StripeFormValue[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(parts[i + 1]);
      const container = node as Record<string, StripeFormValue>;
      const k = Array.isArray(node) && part === '' ? String(node.length) : part;
      if (last) {
        container[k] = value;
      } else {
        container[k] ??= nextIsIndex ? [] : {};
        node = container[k] as Record<string, StripeFormValue> | StripeFormValue[];
      }
    }
  }
  return root;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

export function strRecord(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}

export function ok(body: unknown): FakeReply {
  return { status: 200, body, headers: { 'request-id': `req_${stripeId()}` } };
}

export function stripeError(
  status: number,
  error: { type: string; message: string; code?: string; param?: string },
): FakeReply {
  return {
    status,
    body: { error: { ...error, request_log_url: null } },
    headers: {
      'request-id': `req_${stripeId()}`,
      'stripe-should-retry': status >= 500 || status === 429 ? 'true' : 'false',
    },
  };
}

export function missing(kind: string, objectId: string): FakeReply {
  return stripeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${objectId}'`,
    param: 'id',
  });
}

export function stripeId(): string {
  return randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
}
