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
 * JSON or multipart with payload_json), POST /channels/{id}/messages, PUT/DELETE
 * /guilds/{g}/members/{u}/roles/{r}, GET /guilds/{g}/members/{u}, GET /guilds/{g}/members
 * (?limit, ?after). Unknown routes: 404 in Discord's `{ message, code }` shape.
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
export { FakeDiscordApi } from '../../../src/subscribers/fakes/fake-discord-api.js';
export type {
  FakeDiscordMessage,
  FakeDiscordOptions,
} from '../../../src/subscribers/fakes/fake-discord-api.js';
export type {
  ProgrammedFailure,
  RecordedRequest,
  RequestMatch,
} from '../../../src/subscribers/fakes/fake-http-server.js';
