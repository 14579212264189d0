/**
 * Fake Telegram Bot API — a real node:http server on 127.0.0.1 that telegraf talks to.
 *
 *   const tg = await FakeTelegramApi.start({ token: '123456:abc', username: 'GammaDeskBot' });
 *   const bot = new Telegraf('123456:abc', { telegram: { apiRoot: tg.apiRoot } });
 *   await bot.telegram.sendMessage(42, 'hi');      // → POST /bot123456:abc/sendMessage
 *   tg.sentTo(42);                                   // ['hi']
 *   await bot.handleUpdate(tg.textUpdate({ chatId: 42, text: '/status' }));  // push an update
 *   await tg.close();
 *
 * Methods answered ({ ok: true, result } like Telegram): getMe, sendMessage (Message object),
 * sendPhoto (multipart with a `photo` file, or a file_id/URL; Message with `photo` and `caption`),
 * createChatInviteLink (ChatInviteLink; links recorded in `tg.inviteLinks` with member_limit),
 * banChatMember (status → 'kicked'), unbanChatMember (→ 'left', honouring only_if_banned),
 * getChatMember ({ status, user }), getUpdates (drains `pushUpdate(update)`), setWebhook,
 * deleteWebhook, setMyCommands, getWebhookInfo, answerCallbackQuery (setWebhook and setMyCommands
 * checked as Telegram checks them, kept in `webhook` and `commands`). A wrong token: 401; an unknown method: 404,
 * both `{ ok: false, error_code, description }`.
 * Group state: `setMember(chat, user, status)`, `memberStatus(chat, user)` ('left' by default),
 * `joinWithInvite(link, user)` simulates a user opening an invite link (refused once the link's
 * member_limit is used up or the user is banned).
 *
 * Log: `tg.requests` (every request: { method, path, query, headers, body, rawBody, status,
 * receivedAt }), `tg.calls(method?)` → [{ token, method, params }], `tg.sentTo(chatId)`.
 *
 * Failures: `tg.fail({ status: 429, retryAfterSeconds: 3, path: '/sendMessage', times: 2 })`
 * answers Telegram's real flood-control error — HTTP 429 with `{ ok: false, error_code: 429,
 * description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }` and a
 * Retry-After header (telegraf throws TelegramError with `parameters.retry_after`; it does not
 * retry). `fail({ status: 500 })` answers `{ ok: false, error_code: 500, description:
 * 'Internal Server Error' }`. `clearFailures()`, `clearRequests()` reset.
 */
import {
  telegramCommands,
  telegramWebhook,
  type TelegramBotCommand,
  type TelegramWebhook,
} from './bot-registration-rules.js';
import {
  FakeHttpServer,
  type FakeReply,
  type ProgrammedFailure,
  type RecordedRequest,
} from '../fake-http-server.js';
import type { Update } from 'telegraf/types';
import type { Clock } from '../../common/clock.js';

export interface FakeTelegramCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
}

export type FakeChatMemberStatus = 'member' | 'left' | 'kicked' | 'administrator';

export interface FakeInviteLink {
  invite_link: string;
  chatId: string;
  member_limit: number | null;
  name: string | null;
  expire_date: number | null;
  /** User ids that joined through the link. */
  usedBy: string[];
}

export interface FakeTelegramOptions {
  /** The platform's time (default: wall time). */
  clock?: Clock;
  /** Accepted bot token (default '123456:fake-token'). */
  token?: string;
  /** The bot's @username (default 'GammaDeskBot'). */
  username?: string;
}

export class FakeTelegramApi extends FakeHttpServer {
  readonly token: string;
  readonly username: string;
  readonly botId: number;
  readonly inviteLinks: FakeInviteLink[] = [];
  /** chatId → userId → status. */
  private readonly members = new Map<string, Map<string, FakeChatMemberStatus>>();
  private readonly pendingUpdates: (Update | Record<string, unknown>)[] = [];
  /** The webhook set by setWebhook (null until set, and after deleteWebhook). */
  webhook: TelegramWebhook | null = null;
  /** The bot's command list as set by setMyCommands. */
  commands: TelegramBotCommand[] = [];
  private nextMessageId = 1;
  private nextUpdateId = 1;

  constructor(options: FakeTelegramOptions = {}) {
    super(options.clock);
    this.token = options.token ?? '123456:fake-token';
    this.username = options.username ?? 'GammaDeskBot';
    this.botId = Number(this.token.split(':')[0]) || 123456;
  }

  static async start(options: FakeTelegramOptions = {}, port = 0): Promise<FakeTelegramApi> {
    return new FakeTelegramApi(options).listen(port);
  }

  /** For telegraf: `new Telegraf(token, { telegram: { apiRoot: fake.apiRoot } })`. */
  get apiRoot(): string {
    return this.origin;
  }

  /** Every Bot API call, parsed, in arrival order (failed ones included). */
  calls(method?: string): FakeTelegramCall[] {
    return this.requests
      .map((r) => toCall(r))
      .filter((c): c is FakeTelegramCall => c !== null && (!method || c.method === method));
  }

  /** Messages the bot sent to one chat (successful sendMessage calls). */
  sentTo(chatId: string | number): string[] {
    return this.requests
      .filter((r) => r.status === 200)
      .map((r) => toCall(r))
      .filter((c): c is FakeTelegramCall => c?.method === 'sendMessage')
      .filter((c) => String(c.params.chat_id) === String(chatId))
      .map((c) => String(c.params.text ?? ''));
  }

  setMember(chatId: string | number, userId: string | number, status: FakeChatMemberStatus): void {
    this.chat(String(chatId)).set(String(userId), status);
  }

  memberStatus(chatId: string | number, userId: string | number): FakeChatMemberStatus {
    return this.members.get(String(chatId))?.get(String(userId)) ?? 'left';
  }

  /** Simulates a user opening an invite link; fails like Telegram when the link is used up. */
  joinWithInvite(inviteLink: string, userId: string | number): boolean {
    const link = this.inviteLinks.find((l) => l.invite_link === inviteLink);
    if (!link) return false;
    if (link.member_limit !== null && link.usedBy.length >= link.member_limit) return false;
    if (this.memberStatus(link.chatId, userId) === 'kicked') return false;
    link.usedBy.push(String(userId));
    this.setMember(link.chatId, userId, 'member');
    return true;
  }

  /** Queues an update for getUpdates (long polling). */
  pushUpdate(update: Update | Record<string, unknown>): void {
    this.pendingUpdates.push(update);
  }

  /** Builds a private-chat text update as Telegram sends it (bot_command entity included). */
  textUpdate(input: { chatId: number; userId?: number; text: string; username?: string }): Update {
    const userId = input.userId ?? input.chatId;
    const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(input.text);
    const update = {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(this.clock.now() / 1000),
        chat: { id: input.chatId, type: 'private', first_name: 'Sub', username: input.username },
        from: { id: userId, is_bot: false, first_name: 'Sub', username: input.username },
        text: input.text,
        ...(command
          ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] }
          : {}),
      },
    };
    return update as Update;
  }

  protected failureReply(failure: ProgrammedFailure): FakeReply {
    if (failure.status === 429) {
      const retryAfter = failure.retryAfterSeconds ?? 1;
      return {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${retryAfter}`,
          parameters: { retry_after: retryAfter },
        },
        headers: { 'retry-after': String(retryAfter) },
      };
    }
    return {
      status: failure.status,
      body: { ok: false, error_code: failure.status, description: 'Internal Server Error' },
    };
  }

  protected handle(req: RecordedRequest): FakeReply {
    const call = toCall(req);
    if (!call) return error(404, 'Not Found');
    if (call.token !== this.token) return error(401, 'Unauthorized');
    const p = call.params;
    const chatId = p.chat_id === undefined ? '' : String(p.chat_id);
    const userId = p.user_id === undefined ? '' : String(p.user_id);
    switch (call.method) {
      case 'getMe':
        return ok({
          id: this.botId,
          is_bot: true,
          first_name: 'GammaDesk',
          username: this.username,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        });
      case 'sendMessage':
        if (!chatId) return error(400, 'Bad Request: chat_id is empty');
        if (typeof p.text !== 'string' || p.text.length === 0) {
          return error(400, 'Bad Request: message text is empty');
        }
        return ok({
          message_id: this.nextMessageId++,
          date: Math.floor(this.clock.now() / 1000),
          chat: { id: Number(chatId), type: Number(chatId) < 0 ? 'supergroup' : 'private' },
          from: { id: this.botId, is_bot: true, first_name: 'GammaDesk', username: this.username },
          text: p.text,
        });
      case 'sendPhoto': {
        if (!chatId) return error(400, 'Bad Request: chat_id is empty');
        if (typeof p.photo !== 'string' || p.photo.length === 0)
          return error(400, 'Bad Request: there is no photo in the request');
        if (typeof p.caption === 'string' && p.caption.length > 1024)
          return error(400, 'Bad Request: message caption is too long');
        return ok({
          message_id: this.nextMessageId++,
          date: Math.floor(this.clock.now() / 1000),
          chat: { id: Number(chatId), type: Number(chatId) < 0 ? 'supergroup' : 'private' },
          from: { id: this.botId, is_bot: true, first_name: 'GammaDesk', username: this.username },
          photo: [
            {
              file_id: `photo-${this.nextMessageId}`,
              file_unique_id: 'u',
              width: 720,
              height: 360,
            },
          ],
          ...(typeof p.caption === 'string' ? { caption: p.caption } : {}),
        });
      }
      case 'createChatInviteLink': {
        if (!chatId) return error(400, 'Bad Request: chat not found');
        const link: FakeInviteLink = {
          invite_link: `https://t.me/+fake${this.inviteLinks.length + 1}x${chatId.replace('-', 'm')}`,
          chatId,
          member_limit: typeof p.member_limit === 'number' ? p.member_limit : null,
          name: typeof p.name === 'string' ? p.name : null,
          expire_date: typeof p.expire_date === 'number' ? p.expire_date : null,
          usedBy: [],
        };
        this.inviteLinks.push(link);
        return ok({
          invite_link: link.invite_link,
          creator: { id: this.botId, is_bot: true, first_name: 'GammaDesk' },
          creates_join_request: false,
          is_primary: false,
          is_revoked: false,
          ...(link.name ? { name: link.name } : {}),
          ...(link.member_limit !== null ? { member_limit: link.member_limit } : {}),
          ...(link.expire_date !== null ? { expire_date: link.expire_date } : {}),
        });
      }
      case 'banChatMember':
        if (!chatId || !userId) return error(400, 'Bad Request: user not found');
        this.setMember(chatId, userId, 'kicked');
        return ok(true);
      case 'unbanChatMember':
        if (!chatId || !userId) return error(400, 'Bad Request: user not found');
        // Telegram: afterwards the user is not in the chat but may join again; with
        // only_if_banned a current member stays.
        if (p.only_if_banned !== true || this.memberStatus(chatId, userId) === 'kicked') {
          this.setMember(chatId, userId, 'left');
        }
        return ok(true);
      case 'getChatMember':
        return ok({
          status: this.memberStatus(chatId, userId),
          user: { id: Number(userId), is_bot: false, first_name: 'Sub' },
        });
      case 'getUpdates':
        return ok(this.pendingUpdates.splice(0));
      case 'setWebhook': {
        const hook = telegramWebhook(p);
        if (typeof hook === 'string') return error(400, hook);
        this.webhook = hook;
        return ok(true);
      }
      case 'getWebhookInfo':
        return ok({
          url: this.webhook?.url ?? '',
          pending_update_count: 0,
          has_custom_certificate: false,
        });
      case 'setMyCommands': {
        const commands = telegramCommands(p.commands);
        if (typeof commands === 'string') return error(400, commands);
        this.commands = commands;
        return ok(true);
      }
      case 'deleteWebhook':
        this.webhook = null;
        return ok(true);
      case 'answerCallbackQuery':
        return ok(true);
      default:
        return error(404, 'Not Found: method not found');
    }
  }

  private chat(chatId: string): Map<string, FakeChatMemberStatus> {
    let c = this.members.get(chatId);
    if (!c) {
      c = new Map();
      this.members.set(chatId, c);
    }
    return c;
  }
}

function toCall(req: RecordedRequest): FakeTelegramCall | null {
  const m = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z]+)$/.exec(req.path);
  if (!m) return null;
  const params: Record<string, unknown> = { ...req.query };
  if (req.body && typeof req.body === 'object') Object.assign(params, req.body);
  return { token: m[1], method: m[2], params };
}

function ok(result: unknown): FakeReply {
  return { status: 200, body: { ok: true, result } };
}

function error(code: number, description: string): FakeReply {
  return { status: code, body: { ok: false, error_code: code, description } };
}
