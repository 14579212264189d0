import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RECIPIENT_DIRECTORY,
  type RecipientDirectory,
} from '../../../src/subscribers/recipient-directory.js';
import { listUnsubscribeHeaders } from '../../../src/subscribers/mailer.js';
import { ADMIN_TOKEN, startHarness, type Harness } from '../billing/harness.js';

const EVENTS_TOKEN = 'email-events-token-0123456789';

describe('subscribers: double opt-in, preferences, unsubscribe, bounces, privacy', () => {
  let h: Harness;
  const logs: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ EMAIL_EVENTS_TOKEN: EVENTS_TOKEN }, logs);
  });
  afterAll(async () => h?.close());

  const me = (token: string) => ({ authorization: `Bearer ${token}` });

  it('sign-up sends a confirmation mail over SMTP; the signed link verifies the address', async () => {
    const before = h.mails.length;
    await h.http.post('/subscribers').send({ email: '  New.Person@Example.com ' }).expect(202);
    const mail = (await h.waitForMail(before + 1)).at(-1)!;
    expect(mail.subject).toBe('Confirm your GammaDesk subscription');
    expect((mail.to as { text: string }).text).toBe('new.person@example.com');
    const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1];
    // a tampered token is refused
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    await h.http.post(`/subscribers/confirm?token=${forged}`).expect(404);
    const res = await h.http.post(`/subscribers/confirm?token=${token}`).expect(200);
    const profile = await h.http.get('/subscribers/me').set(me(res.body.manageToken)).expect(200);
    expect(profile.body).toMatchObject({
      email: 'new.person@example.com',
      emailStatus: 'verified',
      tier: 'free',
    });
    // signing up again with a verified address sends nothing and answers the same
    await h.http.post('/subscribers').send({ email: 'new.person@example.com' }).expect(202);
    await h.http.post('/subscribers').send({ email: 'not-an-email' }).expect(400);
    await h.http.get('/subscribers/me').expect(401);
  });

  it('preferences: validated, partial updates, honoured by the recipient directory', async () => {
    const { id, manageToken } = await h.verifiedSubscriber('prefs@example.com');
    const bad = await h.http
      .patch('/subscribers/me/preferences')
      .set(me(manageToken))
      .send({ quietHours: { start: '25:00', end: '07:00', timeZone: 'Mars/Base' } })
      .expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/quietHours/);
    const ok = await h.http
      .patch('/subscribers/me/preferences')
      .set(me(manageToken))
      .send({
        symbols: ['SPY', 'QQQ'],
        quietHours: { start: '22:00', end: '07:00', timeZone: 'America/New_York' },
        emailMode: 'digest',
      })
      .expect(200);
    expect(ok.body).toMatchObject({
      symbols: ['SPY', 'QQQ'],
      emailMode: 'digest',
      channels: ['email', 'telegram', 'discord'],
    });

    const directory = h.app.get<RecipientDirectory>(RECIPIENT_DIRECTORY);
    const recipient = await directory.getRecipient(id);
    expect(recipient).toMatchObject({
      subscriberId: id,
      tier: 'free',
      telegramChatId: null,
      preferences: ok.body,
    });
    expect(recipient!.email!.address).toBe('prefs@example.com');
    expect(recipient!.email!.unsubscribeUrl).toMatch(
      /^http:\/\/gammadesk\.test\/email\/unsubscribe\?token=/,
    );
    const page = await directory.listRecipients({ tier: 'free', channel: 'email', limit: 1000 });
    expect(page.map((r) => r.subscriberId)).toContain(id);
    // turning email off removes them from email fan-out
    await h.http
      .patch('/subscribers/me/preferences')
      .set(me(manageToken))
      .send({ channels: ['telegram'] })
      .expect(200);
    const after = await directory.listRecipients({ tier: 'free', channel: 'email', limit: 1000 });
    expect(after.map((r) => r.subscriberId)).not.toContain(id);
  });

  it('the directory pages by id at exactly one tier', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await h.subscribe(`page${n}@example.com`, 'basic')).id);
    const directory = h.app.get<RecipientDirectory>(RECIPIENT_DIRECTORY);
    const all: string[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await directory.listRecipients({
        tier: 'basic',
        channel: 'email',
        afterId,
        limit: 2,
      });
      all.push(...page.map((r) => r.subscriberId));
      if (page.length < 2) break;
      afterId = page.at(-1)!.subscriberId;
    }
    expect(all).toEqual([...ids].sort());
    expect(
      await directory.listRecipients({ tier: 'premium', channel: 'email', limit: 10 }),
    ).toEqual([]);
  });

  it('RFC 8058 one-click unsubscribe: POST List-Unsubscribe=One-Click with the signed token', async () => {
    const { id } = await h.verifiedSubscriber('unsub@example.com');
    const directory = h.app.get<RecipientDirectory>(RECIPIENT_DIRECTORY);
    const recipient = (await directory.getRecipient(id))!;
    const headers = listUnsubscribeHeaders(recipient.email!);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const url = new URL(recipient.email!.unsubscribeUrl);
    // GET only shows a button (link scanners must not unsubscribe anyone)
    const page = await h.http.get(`${url.pathname}${url.search}`).expect(200);
    expect(page.text).toContain('method="post"');
    expect((await directory.getRecipient(id))!.email).not.toBeNull();
    // a forged token is refused; the body must be exactly the one-click form
    await h.http
      .post('/email/unsubscribe?token=' + 'A'.repeat(50))
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(401);
    await h.http
      .post(`${url.pathname}${url.search}`)
      .type('form')
      .send('List-Unsubscribe=Maybe')
      .expect(400);
    await h.http
      .post(`${url.pathname}${url.search}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect((await directory.getRecipient(id))!.email).toBeNull();
    const [row] = await h.sql(`SELECT email_status FROM subscriber WHERE id = $1`, [id]);
    expect(row.email_status).toBe('unsubscribed');
    // signing up again opts in afresh (double opt-in again)
    const again = await h.verifiedSubscriber('unsub@example.com');
    expect(again.id).toBe(id);
    expect((await directory.getRecipient(id))!.email).not.toBeNull();
  });

  it('bounces and complaints mark the address (token-protected endpoint)', async () => {
    const { id } = await h.verifiedSubscriber('bouncy@example.com');
    const { id: id2 } = await h.verifiedSubscriber('angry@example.com');
    const events = (body: object, token = EVENTS_TOKEN) =>
      h.http.post('/email/events').set('authorization', `Bearer ${token}`).send(body);
    await events(
      { type: 'bounce', email: 'bouncy@example.com', bounceType: 'soft' },
      'wrong-token-000000000',
    ).expect(401);
    await events({ type: 'bounce', email: 'bouncy@example.com', bounceType: 'weird' }).expect(400);
    for (const expected of ['counted', 'counted', 'marked']) {
      const res = await events({
        type: 'bounce',
        email: 'bouncy@example.com',
        bounceType: 'soft',
      }).expect(200);
      expect(res.body.outcome).toBe(expected);
    }
    await events({ type: 'complaint', email: 'angry@example.com' }).expect(200);
    const rows = await h.sql(
      `SELECT id, email_status FROM subscriber WHERE id = ANY($1::uuid[]) ORDER BY email`,
      [[id, id2]],
    );
    expect(rows.map((r) => r.email_status)).toEqual(['complained', 'bounced']);
    expect(
      (await events({ type: 'bounce', email: 'nobody@example.com' }).expect(200)).body.outcome,
    ).toBe('unknown');
  });

  it('export and delete of a subscriber’s data; personal data never in logs', async () => {
    const { id, manageToken } = await h.subscribe('private@example.com', 'premium');
    const exported = await h.http.get('/subscribers/me/export').set(me(manageToken)).expect(200);
    expect(exported.body.subscriber.email).toBe('private@example.com');
    expect(exported.body.subscriptions).toHaveLength(1);
    expect(exported.body.tierHistory).toHaveLength(1);
    const viaAdmin = await h.http
      .get(`/api/admin/subscribers/${id}/export`)
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(viaAdmin.body.subscriber.id).toBe(id);
    await h.http.delete('/subscribers/me').set(me(manageToken)).expect(200);
    expect(await h.sql(`SELECT 1 FROM subscriber WHERE id = $1`, [id])).toEqual([]);
    expect(await h.sql(`SELECT 1 FROM tier_event WHERE subscriber_id = $1`, [id])).toEqual([]);
    // the billing record stays for the books, unlinked from the person
    const subs = await h.sql(
      `SELECT subscriber_id FROM billing_subscription WHERE customer_id = $1`,
      [[...h.stripe.subscriptions.values()].at(-1)!.customer],
    );
    expect(subs).toEqual([{ subscriber_id: null }]);
    // the deleted subscriber's profile token is no longer accepted at all
    await h.http.get('/subscribers/me').set(me(manageToken)).expect(401);

    expect(logs.length).toBeGreaterThan(0);
    const leaked = logs.filter((l) => /@example\.com/.test(l));
    expect(leaked).toEqual([]);
  });
});
