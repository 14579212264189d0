/**
 * Signed, unguessable subscriber tokens (HMAC-SHA256 under SUBSCRIBER_TOKEN_SECRET): email
 * confirmation, one-click unsubscribe, profile access, Telegram/Discord account links.
 * Compact binary so a token fits Telegram's 64-char /start payload: purpose (1 byte),
 * subscriber uuid (16), expiry in unix seconds (4; 0 = never) + 16 bytes of MAC → 50 chars
 * base64url. Stateless: nothing to store, nothing to leak from a database.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOKEN_PURPOSES = ['confirm', 'unsubscribe', 'manage', 'link'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

const MAC_BYTES = 16;
const BODY_BYTES = 21;

export class SignedTokens {
  constructor(private readonly secret: string) {}

  issue(purpose: TokenPurpose, subscriberId: string, expiresAtMs: number | null): string {
    const body = Buffer.alloc(BODY_BYTES);
    body.writeUInt8(TOKEN_PURPOSES.indexOf(purpose), 0);
    Buffer.from(subscriberId.replace(/-/g, ''), 'hex').copy(body, 1);
    body.writeUInt32BE(expiresAtMs === null ? 0 : Math.ceil(expiresAtMs / 1000), 17);
    return Buffer.concat([body, this.mac(body)]).toString('base64url');
  }

  /** The subscriber id, or null when the token is malformed, forged, expired or for another purpose. */
  verify(token: string, purpose: TokenPurpose, nowMs: number): string | null {
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{50}$/.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    // Canonical encoding only: the spare bits of the last character must not vary.
    if (raw.length !== BODY_BYTES + MAC_BYTES || raw.toString('base64url') !== token) return null;
    const body = raw.subarray(0, BODY_BYTES);
    if (!timingSafeEqual(raw.subarray(BODY_BYTES), this.mac(body))) return null;
    if (body.readUInt8(0) !== TOKEN_PURPOSES.indexOf(purpose)) return null;
    const exp = body.readUInt32BE(17);
    if (exp !== 0 && exp * 1000 <= nowMs) return null;
    const hex = body.subarray(1, 17).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, MAC_BYTES);
  }
}
