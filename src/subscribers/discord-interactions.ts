/**
 * Discord slash commands over HTTP interactions: verifies Discord's Ed25519 signature
 * (X-Signature-Ed25519 over timestamp + raw body) and the timestamp's age, answers PING, /link <token>
 * and the shared commands (unknown ones with a pointer to /help) with ephemeral messages.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { BotCommands } from './bot-commands.js';
import type { SubscriberService } from './subscriber-service.js';
import type { Sql } from '../database/sql.js';
import type { SubscriberStore } from './subscriber-store.js';

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const EPHEMERAL = 64;

const interactionSchema = z.object({
  type: z.number().int(),
  data: z
    .object({
      name: z.string(),
      options: z
        .array(
          z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) }),
        )
        .optional(),
    })
    .optional(),
  member: z.object({ user: z.object({ id: z.string() }) }).optional(),
  user: z.object({ id: z.string() }).optional(),
});

export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** How old (or how far ahead) X-Signature-Timestamp may be: older requests are replays. */
export const DISCORD_TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

/**
 * True when the Ed25519 signature over timestamp + body is Discord's and the timestamp (Unix
 * seconds) is within five minutes of `nowMs`, so a captured request cannot be replayed later.
 */
export function verifyDiscordSignature(
  key: KeyObject,
  rawBody: Buffer,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  nowMs: number,
): boolean {
  if (!signatureHex || !timestamp || !/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs - Number(timestamp) * 1000) > DISCORD_TIMESTAMP_TOLERANCE_MS) return false;
  return verify(
    null,
    Buffer.concat([Buffer.from(timestamp), rawBody]),
    key,
    Buffer.from(signatureHex, 'hex'),
  );
}

export class DiscordInteractions {
  constructor(
    private readonly subscribers: SubscriberService,
    private readonly store: SubscriberStore,
    private readonly sql: Sql,
    private readonly commands: BotCommands,
  ) {}

  /** The interaction response for a verified body; null when the body is not an interaction. */
  async handle(body: unknown): Promise<Record<string, unknown> | null> {
    const parsed = interactionSchema.safeParse(body);
    if (!parsed.success) return null;
    const interaction = parsed.data;
    if (interaction.type === 1) return { type: 1 };
    if (interaction.type !== 2 || !interaction.data) return null;
    const userId = interaction.member?.user.id ?? interaction.user?.id;
    if (!userId) return null;
    const name = interaction.data.name;
    const arg = String(interaction.data.options?.[0]?.value ?? '');
    let content: string;
    if (name === 'link' && arg.trim()) {
      const sub = await this.subscribers.linkDiscord(arg.trim(), userId);
      content = sub
        ? 'Linked. Your Discord roles now follow your GammaDesk plan. Send /help for what I can do.'
        : 'That token is invalid or expired. Copy a fresh /link command from your GammaDesk account page.';
    } else {
      const sub = await this.store.findBy(this.sql, 'discord_user_id', userId);
      content = await this.commands.answerAny(name, arg, sub, 'discord');
    }
    // Discord's message limit; the answers are far shorter, this only guards a runaway one.
    if (content.length > 2000) content = `${content.slice(0, 1999)}…`;
    return { type: 4, data: { content, flags: EPHEMERAL } };
  }
}
