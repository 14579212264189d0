/**
 * Signed, unguessable subscriber tokens (HMAC-SHA256): email confirmation, one-click
 * unsubscribe, profile access, Telegram/Discord account links.
 * Compact binary so a token fits Telegram's 64-char /start payload: purpose and key id (1 byte),
 * subscriber uuid (16), expiry in unix seconds (4; 0 = never) + 16 bytes of MAC → 50 chars
 * base64url.
 *
 * Key rotation: the high nibble of the first byte names the secret that signed the token (1–15,
 * from the secret's hash), so tokens signed with a previous secret (`SUBSCRIBER_TOKEN_SECRETS_OLD`)
 * still verify — unsubscribe links never expire. Nibble 0 is a token from before key ids: every
 * secret is tried.
 *
 * Revocation: a manage token is signed over the subscriber's token version as well (not carried
 * in the token), so bumping the version invalidates every manage token issued before.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const TOKEN_PURPOSES = ['confirm', 'unsubscribe', 'manage', 'link'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

const MAC_BYTES = 16;
const BODY_BYTES = 21;

interface SigningKey {
  kid: number;
  secret: string;
}

/** 1–15 from the secret's SHA-256; 0 is reserved for tokens issued before key ids. */
function keyId(secret: string): number {
  return 1 + (createHash('sha256').update(secret).digest().readUInt8(0) % 15);
}

export class SignedTokens {
  private readonly current: SigningKey;
  private readonly keys: SigningKey[];

  /** `secret` signs new tokens; `previous` secrets only verify (rotation). */
  constructor(secret: string, previous: readonly string[] = []) {
    this.current = { kid: keyId(secret), secret };
    this.keys = [this.current, ...previous.map((s) => ({ kid: keyId(s), secret: s }))];
  }

  issue(
    purpose: TokenPurpose,
    subscriberId: string,
    expiresAtMs: number | null,
    version = 0,
  ): string {
    const body = Buffer.alloc(BODY_BYTES);
    body.writeUInt8(TOKEN_PURPOSES.indexOf(purpose) | (this.current.kid << 4), 0);
    Buffer.from(subscriberId.replace(/-/g, ''), 'hex').copy(body, 1);
    body.writeUInt32BE(expiresAtMs === null ? 0 : Math.ceil(expiresAtMs / 1000), 17);
    return Buffer.concat([body, mac(this.current.secret, body, version)]).toString('base64url');
  }

  /**
   * The subscriber id the token names, before any check: look up that subscriber's token
   * version, then `verify` with it.
   */
  subject(token: string): string | null {
    const raw = decode(token);
    return raw ? uuidOf(raw) : null;
  }

  /**
   * The subscriber id, or null when the token is malformed, forged, expired, for another purpose
   * or signed over another token version.
   */
  verify(token: string, purpose: TokenPurpose, nowMs: number, version = 0): string | null {
    const raw = decode(token);
    if (!raw) return null;
    const body = raw.subarray(0, BODY_BYTES);
    const given = raw.subarray(BODY_BYTES);
    const kid = body.readUInt8(0) >> 4;
    const candidates = kid === 0 ? this.keys : this.keys.filter((k) => k.kid === kid);
    if (!candidates.some((k) => timingSafeEqual(given, mac(k.secret, body, version)))) return null;
    if ((body.readUInt8(0) & 0x0f) !== TOKEN_PURPOSES.indexOf(purpose)) return null;
    const exp = body.readUInt32BE(17);
    if (exp !== 0 && exp * 1000 <= nowMs) return null;
    return uuidOf(raw);
  }
}

function decode(token: string): Buffer | null {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{50}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  // Canonical encoding only: the spare bits of the last character must not vary.
  if (raw.length !== BODY_BYTES + MAC_BYTES || raw.toString('base64url') !== token) return null;
  return raw;
}

function uuidOf(raw: Buffer): string {
  const hex = raw.subarray(1, 17).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Version 0 signs the body alone, so tokens issued before versions existed stay valid. */
function mac(secret: string, body: Buffer, version: number): Buffer {
  const h = createHmac('sha256', secret).update(body);
  if (version !== 0) {
    const v = Buffer.alloc(4);
    v.writeUInt32BE(version >>> 0);
    h.update(v);
  }
  return h.digest().subarray(0, MAC_BYTES);
}
