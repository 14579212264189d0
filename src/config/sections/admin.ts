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
});
