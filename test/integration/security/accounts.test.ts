/**
 * Subscriber accounts probed from outside: the billing harness (BillingModule + SubscribersModule
 * on a real PostgreSQL schema, fake Stripe) with a rotated token secret and an SMTP server that
 * refuses every connection, so no request can lean on mail being delivered.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedTokens } from '../../../src/subscribers/signed-tokens.js';
import { TEST_DATABASE_URL } from '../../support/database.js';
import { startHarness, type Harness } from '../billing/harness.js';

const OLD_SECRET = 'the-secret-before-rotation-0123456789';
const NEW_SECRET = 'the-secret-after-rotation-0123456789';
const HOUR = 3_600_000;

describe('subscriber accounts: no ids handed out, single-use confirmation, revocable tokens', () => {
  let h: Harness;
  const signer = new SignedTokens(NEW_SECRET);

  beforeAll(async () => {
    h = await startHarness({
      SUBSCRIBER_TOKEN_SECRET: NEW_SECRET,
      SUBSCRIBER_TOKEN_SECRETS_OLD: OLD_SECRET,
      SMTP_URL: 'smtp://127.0.0.1:1',
    });
  });
  afterAll(async () => h?.close());

  const idOf = async (email: string): Promise<string> =>
    String((await h.sql(`SELECT id FROM subscriber WHERE email = $1`, [email]))[0]?.id);
  /** The link the (undeliverable) confirmation mail carries, signed as the app signs it. */
  const confirmLink = (id: string) =>
    `/subscribers/confirm?token=${signer.issue('confirm', id, h.clock.now() + HOUR)}`;

  it('sign-up answers a known and a new address alike, and never waits on (failing) SMTP', async () => {
    await h.http.post('/subscribers').send({ email: 'known@example.com' }).expect(202);
    await h.sql(`UPDATE subscriber SET email_status = 'verified' WHERE email = $1`, [
      'known@example.com',
    ]);
    const known = await h.http.post('/subscribers').send({ email: 'known@example.com' });
    const fresh = await h.http.post('/subscribers').send({ email: 'fresh@example.com' });
    expect(fresh.status).toBe(known.status);
    expect(fresh.body).toEqual(known.body);
    expect(fresh.status).toBe(202);
    expect(await idOf('fresh@example.com')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('POST /billing/checkout {email} answers the checkout URL only, never a subscriber id', async () => {
    const res = await h.http
      .post('/billing/checkout')
      .send({ plan: 'premium', email: 'victim@example.com' })
      .expect(201);
    expect(Object.keys(res.body)).toEqual(['url']);
    const id = await idOf('victim@example.com');
    expect(JSON.stringify(res.body)).not.toContain(id);
    // a forged or missing profile token cannot open anyone's portal
    await h.http.get('/billing/portal').expect(401);
    const forged = new SignedTokens('dev-only-subscriber-token-secret').issue(
      'manage',
      id,
      h.clock.now() + HOUR,
    );
    await h.http.get('/billing/portal').set('authorization', `Bearer ${forged}`).expect(401);
    await h.http.get('/subscribers/me/export').set('authorization', `Bearer ${forged}`).expect(401);
  });

  it('confirmation: the mailed GET only shows a button; the POST works once; a replay mints nothing', async () => {
    await h.http.post('/subscribers').send({ email: 'scanned@example.com' }).expect(202);
    const id = await idOf('scanned@example.com');
    const link = confirmLink(id);
    const page = await h.http.get(link).expect(200);
    expect(page.text).toContain('method="post"');
    const status = async () =>
      (await h.sql(`SELECT email_status FROM subscriber WHERE id = $1`, [id]))[0]?.email_status;
    expect(await status()).toBe('pending'); // a mail scanner fetching the link confirms nothing
    const first = await h.http.post(link).expect(200);
    expect(first.body).toMatchObject({ confirmed: true, subscriberId: id });
    expect(await status()).toBe('verified');
    const replay = await h.http.post(link).set('accept', 'text/html');
    expect(replay.status).toBe(410);
    expect(JSON.stringify(replay.body)).not.toMatch(/manageToken/);
    expect(replay.text).not.toMatch(/profile token/);
  });

  it('profile tokens are revocable: log-out ends every one, on every endpoint', async () => {
    await h.http.post('/subscribers').send({ email: 'leaving@example.com' }).expect(202);
    // confirmed from the page's button, as a browser does: the token is shown on a page
    const page = await h.http
      .post(confirmLink(await idOf('leaving@example.com')))
      .type('form')
      .set('accept', 'text/html')
      .send('')
      .expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const manageToken = /<code>([A-Za-z0-9_-]{50})<\/code>/.exec(page.text)![1];
    const me = { authorization: `Bearer ${manageToken}` };
    await h.http.get('/subscribers/me').set(me).expect(200);
    await h.http.post('/subscribers/me/logout').set(me).expect(200);
    await h.http.get('/subscribers/me').set(me).expect(401);
    await h.http.get('/subscribers/me/export').set(me).expect(401);
    await h.http.get('/billing/portal').set(me).expect(401);
    await h.http.post('/billing/checkout').set(me).send({ plan: 'basic' }).expect(401);
    await h.http.delete('/subscribers/me').set(me).expect(401);
    expect(await idOf('leaving@example.com')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an unsubscribe link signed before a secret rotation still works; an unknown key does not', async () => {
    await h.http.post('/subscribers').send({ email: 'rotated@example.com' }).expect(202);
    const id = await idOf('rotated@example.com');
    const beforeRotation = new SignedTokens(OLD_SECRET).issue('unsubscribe', id, null);
    const stranger = new SignedTokens('some-other-secret-0123456789').issue(
      'unsubscribe',
      id,
      null,
    );
    await h.http
      .post(`/email/unsubscribe?token=${stranger}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(401);
    await h.http
      .post(`/email/unsubscribe?token=${beforeRotation}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    const rows = await h.sql(`SELECT email_status FROM subscriber WHERE id = $1`, [id]);
    expect(rows[0]?.email_status).toBe('unsubscribed');
  });

  it('in production the service refuses to start with a default, missing or short token secret', async () => {
    const run = (secret: string | undefined) =>
      promisify(execFile)('node', ['dist/src/main.js'], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          DATABASE_URL: TEST_DATABASE_URL,
          PORT: '0',
          ...(secret === undefined ? {} : { SUBSCRIBER_TOKEN_SECRET: secret }),
        },
        timeout: 20_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
      );
    // (missing and short secrets: test/unit/subscribers/token-rotation.test.ts, same list)
    const { code, stderr } = await run('dev-only-subscriber-token-secret');
    expect(code).toBe(1);
    expect(stderr).toMatch(/SUBSCRIBER_TOKEN_SECRET: required in production/);
  });
});
