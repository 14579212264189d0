import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reconciler } from '../../../src/billing/reconciler.js';
import {
  DAY,
  GUILD,
  ROLE_BASIC,
  ROLE_PREMIUM,
  startHarness,
  TG_BASIC,
  TG_PREMIUM,
  TG_SECRET,
  type Harness,
} from './harness.js';

const keys = generateKeyPairSync('ed25519');
const publicKeyHex = keys.publicKey
  .export({ format: 'der', type: 'spki' })
  .subarray(12)
  .toString('hex');

describe('entitlements follow the tier on Discord (discord.js) and Telegram (telegraf)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      DISCORD_PUBLIC_KEY: publicKeyHex,
      BILLING_TIER_SWEEP_INTERVAL_MS: '60000',
    });
  });
  afterAll(async () => h?.close());

  function interaction(body: object, privateKey = keys.privateKey) {
    const raw = JSON.stringify(body);
    const timestamp = String(Math.floor(h.clock.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + raw), privateKey).toString('hex');
    return h.http
      .post('/discord/interactions')
      .set('content-type', 'application/json')
      .set('x-signature-ed25519', signature)
      .set('x-signature-timestamp', timestamp)
      .send(raw);
  }

  function telegramUpdate(chatId: number, text: string) {
    return h.http
      .post('/telegram/webhook')
      .set('x-telegram-bot-api-secret-token', TG_SECRET)
      .send(h.telegram.textUpdate({ chatId, text }));
  }

  async function until(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('condition not reached');
  }

  async function linkBoth(manageToken: string, discordUser: string, chatId: number) {
    const profile = await h.http
      .get('/subscribers/me')
      .set('authorization', `Bearer ${manageToken}`)
      .expect(200);
    const linkToken = String(profile.body.links.discordLinkCommand).split(' ')[1];
    h.discord.addMember(GUILD, discordUser);
    const linked = await interaction({
      type: 2,
      data: { name: 'link', options: [{ name: 'token', value: linkToken }] },
      member: { user: { id: discordUser } },
    }).expect(200);
    expect(linked.body.data.content).toMatch(/^Linked/);
    const deepLink = String(profile.body.links.telegram);
    expect(deepLink).toMatch(/^https:\/\/t\.me\/GammaDeskBot\?start=[A-Za-z0-9_-]{50}$/);
    await telegramUpdate(chatId, `/start ${deepLink.split('start=')[1]}`).expect(200);
  }

  it('Discord answers PING and refuses a bad signature with 401', async () => {
    expect((await interaction({ type: 1 }).expect(200)).body).toEqual({ type: 1 });
    const other = generateKeyPairSync('ed25519');
    await interaction({ type: 1 }, other.privateKey).expect(401);
    await h.http
      .post('/telegram/webhook')
      .set('x-telegram-bot-api-secret-token', 'wrong-secret-000000')
      .send({ update_id: 1 })
      .expect(401);
  });

  it('premium on checkout: role added, single-use invite to the premium group; grace, then Free removes both', async () => {
    const { id, manageToken, subscriptionId } = await h.subscribe('ent@example.com', 'premium');
    await linkBoth(manageToken, '800000000000000001', 5001);
    expect(h.telegram.sentTo(5001).some((t) => t.startsWith('Linked'))).toBe(true);
    expect(h.discord.rolesOf(GUILD, '800000000000000001')).toEqual([ROLE_PREMIUM]);
    const invites = h.telegram.calls('createChatInviteLink');
    expect(invites).toHaveLength(1);
    expect(invites[0].params).toMatchObject({ chat_id: TG_PREMIUM, member_limit: 1 });
    const link = h.telegram.inviteLinks[0].invite_link;
    expect(h.telegram.sentTo(5001).some((t) => t.includes(link))).toBe(true);
    expect(h.telegram.joinWithInvite(link, 5001)).toBe(true);
    expect(h.telegram.joinWithInvite(link, 5002)).toBe(false); // single use

    // a failed invoice starts the grace period: still premium
    expect(await h.stripe.deliver(...h.stripe.failPayment(subscriptionId))).toEqual([200, 200]);
    expect(await h.tierOf(id)).toBe('premium');
    const [sub] = await h.sql(`SELECT tier_reason FROM subscriber WHERE id = $1`, [id]);
    expect(sub.tier_reason).toBe('past_due_grace');

    // 3 days later the sweep (a timer on the Clock) drops them to Free and removes entitlements
    h.clock.advance(3 * DAY - 60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(await h.tierOf(id)).toBe('premium');
    h.clock.advance(60_000);
    await until(async () => (await h.tierOf(id)) === 'free');
    await until(async () => h.telegram.memberStatus(TG_PREMIUM, 5001) === 'left');
    expect(h.discord.rolesOf(GUILD, '800000000000000001')).toEqual([]);
    expect(h.telegram.calls('banChatMember').map((c) => c.params.chat_id)).toEqual([TG_PREMIUM]);
    expect(h.telegram.calls('unbanChatMember')).toHaveLength(1);
    const history = await h.sql(
      `SELECT actor, to_tier FROM tier_event WHERE subscriber_id = $1 ORDER BY id`,
      [id],
    );
    expect(history.map((r) => `${r.actor}:${r.to_tier}`)).toEqual([
      'stripe:customer.subscription.created:premium',
      'clock:free',
    ]);
  });

  it('a downgrade to Basic swaps the role and moves the member to the basic group', async () => {
    const { manageToken, subscriptionId } = await h.subscribe('down@example.com', 'premium');
    await linkBoth(manageToken, '800000000000000002', 6001);
    const link = h.telegram.inviteLinks.at(-1)!;
    expect(link.chatId).toBe(TG_PREMIUM);
    h.telegram.joinWithInvite(link.invite_link, 6001);
    const basic = h.stripe.prices.get('price_basic_monthly')!;
    expect(
      await h.stripe.deliver(h.stripe.updateSubscription(subscriptionId, { price: basic })),
    ).toEqual([200]);
    expect(h.discord.rolesOf(GUILD, '800000000000000002')).toEqual([ROLE_BASIC]);
    expect(h.telegram.memberStatus(TG_PREMIUM, 6001)).toBe('left');
    expect(h.telegram.inviteLinks.at(-1)!.chatId).toBe(TG_BASIC);
  });

  it('bot commands answer the same on Telegram and Discord', async () => {
    const { manageToken } = await h.subscribe('bot@example.com', 'premium');
    await linkBoth(manageToken, '800000000000000003', 7001);
    await telegramUpdate(7001, '/tier').expect(200);
    await telegramUpdate(7001, '/levels SPY').expect(200);
    await telegramUpdate(7001, '/why SIG-20260302-001').expect(200);
    await telegramUpdate(7001, '/status').expect(200);
    const replies = h.telegram.sentTo(7001).slice(-4);
    expect(replies[0]).toMatch(/Premium/);
    expect(replies[1]).toBe('No levels for SPY yet today.');
    expect(replies[2]).toContain("I can't find SIG-20260302-001.");
    expect(replies[3]).toMatch(/^Plan: Premium/);
    const viaDiscord = await interaction({
      type: 2,
      data: { name: 'levels', options: [{ name: 'symbol', value: 'spy' }] },
      member: { user: { id: '800000000000000003' } },
    }).expect(200);
    expect(viaDiscord.body.data.content).toBe(replies[1]);
    // an unlinked Telegram chat is told to link first
    await telegramUpdate(9999, '/status').expect(200);
    expect(h.telegram.sentTo(9999)[0]).toMatch(/not linked/);
    // /stop on Telegram turns the channel off and leaves the group
    h.telegram.joinWithInvite(h.telegram.inviteLinks.at(-1)!.invite_link, 7001);
    await telegramUpdate(7001, '/stop').expect(200);
    expect(h.telegram.memberStatus(TG_PREMIUM, 7001)).toBe('left');
    const me = await h.http
      .get('/subscribers/me')
      .set('authorization', `Bearer ${manageToken}`)
      .expect(200);
    expect(me.body.preferences.channels).not.toContain('telegram');
  });

  it('platform failures: a Discord 429 is waited out; a Telegram outage is healed by reconciliation', async () => {
    const { manageToken, subscriptionId } = await h.subscribe('flaky@example.com', 'basic');
    await linkBoth(manageToken, '800000000000000005', 8501);
    h.telegram.joinWithInvite(h.telegram.inviteLinks.at(-1)!.invite_link, 8501);
    h.discord.fail({ status: 429, retryAfterSeconds: 0.05, method: 'PUT', path: '/roles/' });
    h.telegram.fail({ status: 500, path: '/getChatMember' });
    const premium = h.stripe.prices.get('price_premium_monthly')!;
    expect(
      await h.stripe.deliver(h.stripe.updateSubscription(subscriptionId, { price: premium })),
    ).toEqual([200]);
    // Discord: the 429 was retried by discord.js after Retry-After
    expect(h.discord.rolesOf(GUILD, '800000000000000005')).toEqual([ROLE_PREMIUM]);
    expect(
      h.discord
        .requestsTo({ method: 'PUT', path: '/roles/' })
        .slice(-2)
        .map((r) => r.status),
    ).toEqual([429, 204]);
    // Telegram was down: still in the basic group, no premium invite yet
    expect(h.telegram.memberStatus(TG_BASIC, 8501)).toBe('member');
    const report = await h.app.get(Reconciler).run('test');
    expect(report.entitlementFixes.flatMap((f) => f.actions)).toEqual(
      expect.arrayContaining([
        'telegram: invited to premium group',
        'telegram: removed from basic group',
      ]),
    );
    expect(h.telegram.memberStatus(TG_BASIC, 8501)).toBe('left');
  });

  it('the hourly reconciliation (on demand here) heals a role removed by hand', async () => {
    const { manageToken } = await h.subscribe('heal@example.com', 'basic');
    await linkBoth(manageToken, '800000000000000004', 8001);
    expect(h.discord.rolesOf(GUILD, '800000000000000004')).toEqual([ROLE_BASIC]);
    h.discord.addMember(GUILD, '800000000000000004', [ROLE_PREMIUM]); // drift: wrong role
    const report = await h.app.get(Reconciler).run('test');
    expect(report.entitlementFixes.map((f) => f.actions).flat()).toEqual(
      expect.arrayContaining(['discord: +basic role', 'discord: -premium role']),
    );
    expect(h.discord.rolesOf(GUILD, '800000000000000004')).toEqual([ROLE_BASIC]);
  });
});
