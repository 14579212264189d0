import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../../src/config/config.js';
import { SignedTokens } from '../../../src/subscribers/signed-tokens.js';

const ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const NOW = Date.UTC(2026, 2, 2, 14, 30);

describe('signed tokens: key ids and token versions', () => {
  it('a token signed with a previous secret still verifies after rotation; new ones use the current', () => {
    const before = new SignedTokens('first-secret-0123456789abcdef');
    const unsubscribe = before.issue('unsubscribe', ID, null);
    const rotated = new SignedTokens('second-secret-0123456789abcdef', [
      'first-secret-0123456789abcdef',
    ]);
    expect(rotated.verify(unsubscribe, 'unsubscribe', NOW)).toBe(ID);
    const fresh = rotated.issue('unsubscribe', ID, null);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{50}$/);
    expect(before.verify(fresh, 'unsubscribe', NOW)).toBeNull();
    // dropping the old secret ends the old links
    expect(
      new SignedTokens('second-secret-0123456789abcdef').verify(unsubscribe, 'unsubscribe', NOW),
    ).toBeNull();
  });

  it('tokens issued before key ids (first nibble 0) verify under any configured secret', () => {
    const secret = 'legacy-secret-0123456789abcdef';
    const body = Buffer.alloc(21);
    body.writeUInt8(1, 0); // 'unsubscribe', no key id
    Buffer.from(ID.replace(/-/g, ''), 'hex').copy(body, 1);
    const mac = createHmac('sha256', secret).update(body).digest().subarray(0, 16);
    const legacy = Buffer.concat([body, mac]).toString('base64url');
    const tokens = new SignedTokens('new-secret-0123456789abcdef', [secret]);
    expect(tokens.verify(legacy, 'unsubscribe', NOW)).toBe(ID);
  });

  it('a manage token is bound to the token version it was issued at', () => {
    const tokens = new SignedTokens('unit-test-secret-123456');
    const t = tokens.issue('manage', ID, NOW + 60_000, 3);
    expect(tokens.subject(t)).toBe(ID);
    expect(tokens.verify(t, 'manage', NOW, 3)).toBe(ID);
    expect(tokens.verify(t, 'manage', NOW, 4)).toBeNull();
    expect(tokens.verify(t, 'manage', NOW, 0)).toBeNull();
  });
});

describe('SUBSCRIBER_TOKEN_SECRET in production', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
  };
  const secretProblems = (env: Record<string, string>) =>
    problems(env).filter((p) => p.startsWith('SUBSCRIBER_TOKEN_SECRET'));

  it('missing, the development default or short: start-up refuses, naming the setting', () => {
    expect(secretProblems({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/required in production/),
    ]);
    expect(
      secretProblems({
        NODE_ENV: 'production',
        SUBSCRIBER_TOKEN_SECRET: 'dev-only-subscriber-token-secret',
      }),
    ).toHaveLength(1);
    expect(
      secretProblems({ NODE_ENV: 'production', SUBSCRIBER_TOKEN_SECRET: 'short-but-16-chars' }),
    ).toEqual([expect.stringMatching(/at least 32 characters/)]);
  });

  it('a long secret of its own passes; outside production the default is fine', () => {
    expect(
      secretProblems({
        NODE_ENV: 'production',
        SUBSCRIBER_TOKEN_SECRET: 'a-production-secret-of-enough-length',
      }),
    ).toEqual([]);
    expect(secretProblems({ NODE_ENV: 'development' })).toEqual([]);
  });

  it('old secrets are a comma list', () => {
    const config = loadConfig({
      SUBSCRIBER_TOKEN_SECRETS_OLD: 'one-old-secret-1234, two-old-secret-1234',
    });
    expect(config.SUBSCRIBER_TOKEN_SECRETS_OLD).toEqual([
      'one-old-secret-1234',
      'two-old-secret-1234',
    ]);
  });
});
