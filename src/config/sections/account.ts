import { z } from 'zod';
import { int } from '../schema-helpers.js';

/** The subscriber web pages: magic-link login and account sessions. */
export const accountConfig = z.object({
  ACCOUNT_LOGIN_LINK_MINUTES: int(
    15,
    'Minutes an emailed /account sign-in link stays valid (each link works once).',
    { min: 1, max: 1440 },
  ),
  ACCOUNT_SESSION_DAYS: int(
    30,
    'Days an /account session lasts before the subscriber signs in again by email.',
    { min: 1, max: 365 },
  ),
  ACCOUNT_TELEGRAM_LINK_BASE: z
    .string()
    .regex(/^(https:\/\/[^\s]+|\/[A-Za-z0-9/_-]*)$/)
    .optional()
    .describe(
      'Where /account\'s "Link Telegram" button opens the bot (https://… or a path here). Unset: https://t.me. The demo points it at its local stand-in.',
    ),
});
