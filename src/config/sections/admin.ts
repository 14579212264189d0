import { z } from 'zod';

export const adminConfig = z.object({
  ADMIN_PASSWORD: z
    .string()
    .min(12)
    .optional()
    .describe('Password of the admin portal (/admin). Unset: the portal is disabled (404).'),
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
});
