import { z } from 'zod';

export const adminConfig = z.object({
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .describe(
      'No longer used (a start-up warning says so): the portal signs in admin users by email and password; create one with `gammadesk admin create EMAIL --role admin`.',
    ),
  ADMIN_SESSION_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe(
      'No longer used: portal sessions are stored in the database (admin_session), shared by every API process.',
    ),
  ADMIN_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12)
    .describe('How long a portal login lasts, in hours.'),
  OPERATOR_DISCORD_WEBHOOK_URL: z
    .url()
    .optional()
    .describe(
      "Discord webhook of the operators' channel: overseer alerts (halts, tapers, paper-only, disabled strategies, warnings, the daily summary). Unset: not sent to Discord.",
    ),
  OPERATOR_TELEGRAM_CHAT_ID: z
    .string()
    .regex(/^-?\d+$|^@\w+$/)
    .optional()
    .describe(
      "Telegram chat of the operators (id or @channel), sent to by TELEGRAM_BOT_TOKEN's bot: the same alerts. Unset: not sent to Telegram.",
    ),
  OPERATOR_ALERTS_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(60)
    .default(6)
    .describe(
      'Most operator alerts sent a minute per channel; the rest are counted and named in the next one. The same alert is sent once per state change.',
    ),
});
