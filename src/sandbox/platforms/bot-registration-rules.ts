/**
 * The rules Telegram and Discord apply when a bot registers its commands (and, on Telegram, its
 * webhook), for the local fakes: what the real platforms answer 400 to.
 *
 * Telegram setMyCommands: 1–100 commands, each `command` 1–32 of [a-z0-9_], `description` 1–256
 * characters. setWebhook: an HTTPS URL on port 443, 80, 88 or 8443; `secret_token` 1–256 of
 * [A-Za-z0-9_-]. Discord application commands (bulk overwrite): up to 100, `name` 1–32 of
 * [-_a-z0-9] (lowercase), `description` 1–100 characters, options likewise, required options
 * before optional ones, at most 25 options.
 */

export interface TelegramBotCommand {
  command: string;
  description: string;
}

const asJson = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

/** The commands to store, or Telegram's error description. */
export function telegramCommands(raw: unknown): TelegramBotCommand[] | string {
  const list = asJson(raw);
  if (!Array.isArray(list) || list.length > 100)
    return 'Bad Request: commands must be an array of up to 100';
  for (const c of list as Record<string, unknown>[]) {
    if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
      return 'Bad Request: BOT_COMMAND_INVALID';
    }
    if (
      typeof c.description !== 'string' ||
      c.description.length < 1 ||
      c.description.length > 256
    ) {
      return 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID';
    }
  }
  return (list as TelegramBotCommand[]).map((c) => ({
    command: c.command,
    description: c.description,
  }));
}

export interface TelegramWebhook {
  url: string;
  secretToken: string | null;
  allowedUpdates: string[] | null;
}

/** The webhook to store, or Telegram's error description. */
export function telegramWebhook(p: Record<string, unknown>): TelegramWebhook | string {
  let url: URL;
  try {
    url = new URL(String(p.url ?? ''));
  } catch {
    return 'Bad Request: invalid webhook URL specified';
  }
  if (url.protocol !== 'https:')
    return 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook';
  if (url.port && !['443', '80', '88', '8443'].includes(url.port)) {
    return 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443';
  }
  const secret = p.secret_token;
  if (
    secret !== undefined &&
    (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
  ) {
    return 'Bad Request: secret token contains unallowed characters';
  }
  const allowed = asJson(p.allowed_updates);
  return {
    url: url.toString(),
    secretToken: typeof secret === 'string' ? secret : null,
    allowedUpdates: Array.isArray(allowed) ? allowed.map(String) : null,
  };
}

const DISCORD_NAME = /^[-_a-z0-9]{1,32}$/;

/** Problems Discord reports for a bulk overwrite of application commands (empty when valid). */
export function discordCommandProblems(body: unknown): string[] {
  if (!Array.isArray(body)) return ['body must be an array'];
  if (body.length > 100) return ['at most 100 commands'];
  const problems: string[] = [];
  const seen = new Set<string>();
  body.forEach((raw: Record<string, unknown>, i) => {
    const name = raw.name;
    if (typeof name !== 'string' || !DISCORD_NAME.test(name)) problems.push(`${i}.name invalid`);
    else if (seen.has(name)) problems.push(`${i}.name duplicated`);
    else seen.add(name);
    const d = raw.description;
    if (typeof d !== 'string' || d.length < 1 || d.length > 100)
      problems.push(`${i}.description must be 1-100 characters`);
    const options = (raw.options ?? []) as Record<string, unknown>[];
    if (!Array.isArray(options) || options.length > 25) {
      problems.push(`${i}.options must be an array of up to 25`);
      return;
    }
    let optionalSeen = false;
    options.forEach((o, j) => {
      if (typeof o.name !== 'string' || !DISCORD_NAME.test(o.name))
        problems.push(`${i}.options.${j}.name invalid`);
      const od = o.description;
      if (typeof od !== 'string' || od.length < 1 || od.length > 100) {
        problems.push(`${i}.options.${j}.description must be 1-100 characters`);
      }
      if (typeof o.type !== 'number') problems.push(`${i}.options.${j}.type missing`);
      if (o.required === true && optionalSeen)
        problems.push(`${i}.options.${j} required after optional`);
      if (o.required !== true) optionalSeen = true;
    });
  });
  return problems;
}
