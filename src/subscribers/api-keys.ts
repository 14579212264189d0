/**
 * Subscriber API keys for the analytics API: `gd_live_` + 32 base64url characters (192 random
 * bits). Only the SHA-256 of a key is stored, with its first characters as a visible prefix; the
 * key itself is shown once, at creation. A subscriber creates, lists and revokes their own keys.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../common/clock.js';
import {
  API_KEY_PREFIX,
  type ApiKeyHolder,
  type ApiKeyVerifier,
} from '../common/api-key-verifier.js';
import { first, msOf, rows, type Sql } from '../database/sql.js';
import type { Tier } from '../vocabulary/tier.js';
import { returned } from './subscriber-store.js';

const KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{32}$`);
/** How many characters of a key (after `gd_live_`) lists show. */
const VISIBLE_CHARS = 6;
/** Live keys per subscriber. */
export const MAX_KEYS_PER_SUBSCRIBER = 10;
/** last_used_at is written at most this often per key (a busy key must not write every call). */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeySummary {
  id: string;
  name: string;
  /** `gd_live_AbC123…`: enough to recognise a key, never enough to use it. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export class TooManyApiKeysError extends Error {}

const hashOf = (key: string): string => createHash('sha256').update(key).digest('hex');
const iso = (d: Date | null): string | null => (d ? new Date(msOf(d)!).toISOString() : null);

function summary(r: KeyRow): ApiKeySummary {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: iso(r.created_at)!,
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  };
}

export class ApiKeyService implements ApiKeyVerifier {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  /** A new key; `key` is the only time the secret is returned. */
  async create(subscriberId: string, name: string): Promise<ApiKeySummary & { key: string }> {
    const live = await first<{ n: string }>(
      this.sql,
      `SELECT count(*) AS n FROM subscriber_api_key WHERE subscriber_id = $1 AND revoked_at IS NULL`,
      [subscriberId],
    );
    if (Number(live?.n ?? 0) >= MAX_KEYS_PER_SUBSCRIBER) {
      throw new TooManyApiKeysError(
        `at most ${MAX_KEYS_PER_SUBSCRIBER} live API keys: revoke one first`,
      );
    }
    const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const prefix = `${key.slice(0, API_KEY_PREFIX.length + VISIBLE_CHARS)}…`;
    const row = await first<KeyRow>(
      this.sql,
      `INSERT INTO subscriber_api_key (id, subscriber_id, name, prefix, key_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, prefix, created_at, last_used_at, revoked_at`,
      [randomUUID(), subscriberId, name, prefix, hashOf(key), new Date(this.clock.now())],
    );
    return { ...summary(row!), key };
  }

  /** The subscriber's keys, newest first, without their secrets. */
  async list(subscriberId: string): Promise<ApiKeySummary[]> {
    const list = await rows<KeyRow>(
      this.sql,
      `SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM subscriber_api_key
       WHERE subscriber_id = $1 ORDER BY created_at DESC, id`,
      [subscriberId],
    );
    return list.map(summary);
  }

  /** Revokes one of the subscriber's own keys; false when they have no such live key. */
  async revoke(subscriberId: string, keyId: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(keyId)) return false;
    const res = (await this.sql.query(
      `UPDATE subscriber_api_key SET revoked_at = $3
       WHERE id = $1 AND subscriber_id = $2 AND revoked_at IS NULL RETURNING id`,
      [keyId, subscriberId, new Date(this.clock.now())],
    )) as unknown[] | [unknown[], number];
    return returned(res).length > 0;
  }

  async verify(key: string): Promise<ApiKeyHolder | null> {
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) return null;
    const row = await first<{
      id: string;
      subscriber_id: string;
      tier: Tier;
      last_used_at: Date | null;
    }>(
      this.sql,
      `SELECT k.id, k.subscriber_id, s.tier, k.last_used_at
       FROM subscriber_api_key k JOIN subscriber s ON s.id = k.subscriber_id
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hashOf(key)],
    );
    if (!row) return null;
    const now = this.clock.now();
    const lastUsed = msOf(row.last_used_at);
    if (lastUsed === null || now - lastUsed >= LAST_USED_RESOLUTION_MS) {
      await this.sql.query(`UPDATE subscriber_api_key SET last_used_at = $2 WHERE id = $1`, [
        row.id,
        new Date(now),
      ]);
    }
    return { keyId: row.id, subscriberId: row.subscriber_id, tier: row.tier };
  }
}
