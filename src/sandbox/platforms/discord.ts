/**
 * Fake Discord HTTP API (v10) — a real node:http server on 127.0.0.1 that discord.js talks to.
 *
 *   const discord = await FakeDiscordApi.start({ botToken: 'bot-token' });   // any free port
 *   // webhooks (no auth):
 *   const hook = new WebhookClient({ id: '111', token: 'tok' }, { rest: { api: discord.apiBase } });
 *   await hook.send({ content: 'hi' });          // → POST /api/v10/webhooks/111/tok?wait=true
 *   // bot REST (needs `Authorization: Bot <botToken>`, else 401):
 *   const rest = new REST({ api: discord.apiBase }).setToken('bot-token');
 *   discord.addMember('guild', 'user');          // members must exist (else 404 Unknown Member)
 *   await rest.put(Routes.guildMemberRole('guild', 'user', 'role'));   // 204
 *   discord.rolesOf('guild', 'user');            // ['role'] (null when not a member)
 *   await discord.close();
 *
 * Endpoints: POST /webhooks/{id}/{token} (200 + full message object with ?wait=true, else 204;
 * JSON or multipart with payload_json), GET /webhooks/{id}/{token} (404 Unknown Webhook once its
 * id is in `deletedWebhooks`), GET /users/@me (bot), POST /channels/{id}/messages, PUT/DELETE
 * /guilds/{g}/members/{u}/roles/{r}, GET /guilds/{g}/members/{u}, GET /guilds/{g}/members
 * (?limit, ?after), GET /applications/@me, PUT /applications/{app}/commands and
 * /applications/{app}/guilds/{g}/commands (bulk overwrite, checked as Discord checks it; kept in
 * `commands`). Unknown routes: 404 in Discord's `{ message, code }` shape.
 *
 * Log: `discord.requests` — every request as { method, path, query, headers, body, rawBody,
 * status, receivedAt }; `requestsTo({ method?, path? })` filters; `messages` holds posted
 * messages ({ id, channel_id, content, embeds, webhook_id?, raw }); `webhookMessages(id)`.
 *
 * Failures: `discord.fail({ status: 429, retryAfterSeconds: 0.2, path: '/webhooks/', times: 1 })`
 * answers Discord's real rate limit — body `{ message: 'You are being rate limited.',
 * retry_after, global: false }` with headers Retry-After, X-RateLimit-Limit/-Remaining(0)/-Reset/
 * -Reset-After/-Bucket/-Scope (discord.js waits Retry-After and retries by itself).
 * `fail({ status: 500 })` answers `{ message: '500: Server Error', code: 0 }` (discord.js retries
 * 5xx up to its `retries` option, 3 by default). `method`/`path` (substring or RegExp) narrow
 * which requests fail; `clearFailures()`, `clearRequests()` reset.
 */
import { discordCommandProblems } from './bot-registration-rules.js';
import {
  FakeHttpServer,
  type FakeReply,
  type ProgrammedFailure,
  type RecordedRequest,
} from '../fake-http-server.js';
import type { Clock } from '../../common/clock.js';

export interface FakeDiscordMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  /** The webhook id when sent through a webhook. */
  webhook_id?: string;
  /** Text fields of the request (payload_json etc.) for multipart sends. */
  raw: unknown;
}

export interface FakeDiscordOptions {
  /** The platform's time (default: wall time). */
  clock?: Clock;
  /** Bot token accepted in `Authorization: Bot <token>` (default 'fake-bot-token'). */
  botToken?: string;
}

const API_PREFIX = /^\/api(?:\/v\d+)?/;

export class FakeDiscordApi extends FakeHttpServer {
  readonly botToken: string;
  /** Messages posted through webhooks or channels, in arrival order. */
  readonly messages: FakeDiscordMessage[] = [];
  /** guildId → userId → role ids. */
  private readonly members = new Map<string, Map<string, Set<string>>>();
  private nextId = 1_100_000_000_000_000_000n;

  constructor(options: FakeDiscordOptions = {}) {
    super(options.clock);
    this.botToken = options.botToken ?? 'fake-bot-token';
  }

  static async start(options: FakeDiscordOptions = {}, port = 0): Promise<FakeDiscordApi> {
    return new FakeDiscordApi(options).listen(port);
  }

  /** Base URL for discord.js: `new REST({ api: fake.apiBase })` / WebhookClient `rest.api`. */
  get apiBase(): string {
    return `${this.origin}/api`;
  }

  /** Puts a user in a guild (with no roles unless given). */
  addMember(guildId: string, userId: string, roles: string[] = []): void {
    this.guild(guildId).set(userId, new Set(roles));
  }

  removeMember(guildId: string, userId: string): void {
    this.guild(guildId).delete(userId);
  }

  /** A member's role ids (sorted), or null when the user is not in the guild. */
  rolesOf(guildId: string, userId: string): string[] | null {
    const roles = this.members.get(guildId)?.get(userId);
    return roles ? [...roles].sort() : null;
  }

  /** Messages sent through one webhook id. */
  webhookMessages(webhookId: string): FakeDiscordMessage[] {
    return this.messages.filter((m) => m.webhook_id === webhookId);
  }

  protected failureReply(failure: ProgrammedFailure): FakeReply {
    if (failure.status === 429) {
      const retryAfter = failure.retryAfterSeconds ?? 1;
      return {
        status: 429,
        // Discord's rate-limit answer: JSON body with retry_after in seconds, plus headers.
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
        headers: {
          'retry-after': String(retryAfter),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(this.clock.now() / 1000 + retryAfter),
          'x-ratelimit-reset-after': String(retryAfter),
          'x-ratelimit-bucket': 'fakebucket',
          'x-ratelimit-scope': 'user',
        },
      };
    }
    return {
      status: failure.status,
      body: { message: `${failure.status}: Server Error`, code: 0 },
    };
  }

  /** The bot's application id (GET /applications/@me). */
  readonly applicationId = '1000000000000000042';
  /** Registered application commands: 'global' or a guild id → the commands. */
  readonly commands = new Map<string, Record<string, unknown>[]>();

  /** Webhooks deleted on the platform: posting and GET answer 404 Unknown Webhook. */
  readonly deletedWebhooks = new Set<string>();

  protected handle(req: RecordedRequest): FakeReply {
    const path = req.path.replace(API_PREFIX, '');
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path);
    if (webhook && req.method === 'POST') return this.postWebhook(req, webhook[1]);
    if (webhook && req.method === 'GET') {
      // GET with the token in the path (no auth): the webhook object, unless it was deleted.
      if (this.deletedWebhooks.has(webhook[1]))
        return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      return {
        status: 200,
        body: { id: webhook[1], type: 1, token: webhook[2], channel_id: `chan-of-${webhook[1]}` },
      };
    }
    if (!this.authorised(req))
      return { status: 401, body: { message: '401: Unauthorized', code: 0 } };

    const role = /^\/guilds\/(\d+)\/members\/(\d+)\/roles\/(\d+)$/.exec(path);
    if (role && (req.method === 'PUT' || req.method === 'DELETE')) {
      const roles = this.members.get(role[1])?.get(role[2]);
      if (!roles) return unknownMember();
      if (req.method === 'PUT') roles.add(role[3]);
      else roles.delete(role[3]);
      return { status: 204 };
    }
    const member = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path);
    if (member && req.method === 'GET') {
      const roles = this.members.get(member[1])?.get(member[2]);
      return roles ? { status: 200, body: memberObject(member[2], roles) } : unknownMember();
    }
    const list = /^\/guilds\/(\d+)\/members$/.exec(path);
    if (list && req.method === 'GET') {
      const limit = Math.min(Number(req.query.limit ?? '1') || 1, 1000);
      const after = BigInt(req.query.after ?? '0');
      const body = [...this.guild(list[1]).entries()]
        .filter(([id]) => BigInt(id) > after)
        .sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : 1))
        .slice(0, limit)
        .map(([id, roles]) => memberObject(id, roles));
      return { status: 200, body };
    }
    if (path === '/applications/@me' && req.method === 'GET')
      return {
        status: 200,
        body: { id: this.applicationId, name: 'GammaDesk', bot_public: false },
      };
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commands && req.method === 'PUT') return this.putCommands(req, commands[1], commands[2]);
    if (path === '/users/@me' && req.method === 'GET')
      return { status: 200, body: { id: '1000', username: 'GammaDeskBot', bot: true } };
    const channel = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (channel && req.method === 'POST') {
      const message = this.record(req, channel[1]);
      return { status: 200, body: messageObject(message, this.clock.now()) };
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  /** Bulk overwrite of application commands, global ('global') or per guild id. */
  private putCommands(req: RecordedRequest, appId: string, guildId: string | undefined): FakeReply {
    if (appId !== this.applicationId)
      return { status: 404, body: { message: 'Unknown Application', code: 10002 } };
    const problems = discordCommandProblems(req.body);
    if (problems.length > 0) {
      return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: problems } };
    }
    const list = (req.body as Record<string, unknown>[]).map((c, i) => ({
      ...c,
      id: String(2000 + i),
      application_id: appId,
      ...(guildId ? { guild_id: guildId } : {}),
      version: '1',
      type: 1,
    }));
    this.commands.set(guildId ?? 'global', list);
    return { status: 200, body: list };
  }

  private postWebhook(req: RecordedRequest, webhookId: string): FakeReply {
    if (this.deletedWebhooks.has(webhookId))
      return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    const message = this.record(req, `chan-of-${webhookId}`, webhookId);
    // Without ?wait=true Discord answers 204 and no message.
    return req.query.wait === 'true'
      ? { status: 200, body: messageObject(message, this.clock.now()) }
      : { status: 204 };
  }

  private record(req: RecordedRequest, channelId: string, webhookId?: string): FakeDiscordMessage {
    const payload = messagePayload(req.body);
    const message: FakeDiscordMessage = {
      id: String(this.nextId++),
      channel_id: channelId,
      content: typeof payload.content === 'string' ? payload.content : '',
      embeds: Array.isArray(payload.embeds) ? payload.embeds : [],
      webhook_id: webhookId,
      raw: req.body,
    };
    this.messages.push(message);
    return message;
  }

  private authorised(req: RecordedRequest): boolean {
    return req.headers.authorization === `Bot ${this.botToken}`;
  }

  private guild(guildId: string): Map<string, Set<string>> {
    let g = this.members.get(guildId);
    if (!g) {
      g = new Map();
      this.members.set(guildId, g);
    }
    return g;
  }
}

function messagePayload(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  if (typeof record.payload_json === 'string') {
    try {
      return JSON.parse(record.payload_json) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return record;
}

function unknownMember(): FakeReply {
  return { status: 404, body: { message: 'Unknown Member', code: 10007 } };
}

function memberObject(userId: string, roles: Set<string>): Record<string, unknown> {
  return {
    user: {
      id: userId,
      username: `user${userId.slice(-4)}`,
      discriminator: '0',
      global_name: null,
    },
    nick: null,
    roles: [...roles],
    joined_at: '2026-01-01T00:00:00.000000+00:00',
    deaf: false,
    mute: false,
    flags: 0,
  };
}

function messageObject(m: FakeDiscordMessage, at: number): Record<string, unknown> {
  return {
    id: m.id,
    type: 0,
    content: m.content,
    channel_id: m.channel_id,
    author: {
      id: m.webhook_id ?? '1000000000000000001',
      username: 'GammaDesk',
      discriminator: '0000',
      bot: true,
    },
    attachments: [],
    embeds: m.embeds,
    mentions: [],
    mention_roles: [],
    pinned: false,
    mention_everyone: false,
    tts: false,
    timestamp: new Date(at).toISOString(),
    edited_timestamp: null,
    flags: 0,
    components: [],
    ...(m.webhook_id ? { webhook_id: m.webhook_id } : {}),
  };
}
