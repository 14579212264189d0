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
 * createChatInviteLink (ChatInviteLink; links recorded in `tg.inviteLinks` with member_limit),
 * banChatMember (status → 'kicked'), unbanChatMember (→ 'left', honouring only_if_banned),
 * getChatMember ({ status, user }), getUpdates (drains `pushUpdate(update)`), setWebhook,
 * deleteWebhook, setMyCommands, answerCallbackQuery. A wrong token: 401; an unknown method: 404,
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
export { FakeTelegramApi } from '../../../src/subscribers/fakes/fake-telegram-api.js';
export type {
  FakeChatMemberStatus,
  FakeInviteLink,
  FakeTelegramCall,
  FakeTelegramOptions,
} from '../../../src/subscribers/fakes/fake-telegram-api.js';
export type {
  ProgrammedFailure,
  RecordedRequest,
  RequestMatch,
} from '../../../src/subscribers/fakes/fake-http-server.js';
