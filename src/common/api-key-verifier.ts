/**
 * The port through which an HTTP API checks a subscriber API key. Subscribers store and verify
 * the keys; APIs upstream of them (analytics) depend only on this port, found under
 * API_KEY_VERIFIER when the subscribers module is in the app.
 */
import type { Tier } from '../vocabulary/tier.js';

export interface ApiKeyHolder {
  keyId: string;
  subscriberId: string;
  /** The holder's tier now (a key follows its subscriber's tier changes at once). */
  tier: Tier;
}

export interface ApiKeyVerifier {
  /** The key's holder, or null when the key is malformed, unknown or revoked. */
  verify(key: string): Promise<ApiKeyHolder | null>;
}

export const API_KEY_VERIFIER = Symbol('ApiKeyVerifier');

/** Every subscriber API key starts with this (and its first characters are shown in lists). */
export const API_KEY_PREFIX = 'gd_live_';
