import { z } from 'zod';
import { int } from '../schema-helpers.js';

/**
 * The tier policy's delays: how long after publication each tier may hear of a signal. Distribution
 * schedules by them; the narrative (/why) and the analytics API hold a tier back by the same amounts.
 */
export const tiersConfig = z.object({
  DISTRIBUTION_DELAY_PREMIUM_S: int(0, 'Delay of the premium tier, engine seconds.', { min: 0 }),
  DISTRIBUTION_DELAY_BASIC_S: int(60, 'Delay of the basic tier, engine seconds.', { min: 0 }),
  DISTRIBUTION_DELAY_FREE_S: int(300, 'Delay of the free tier, engine seconds.', { min: 0 }),
});

export type TiersConfig = z.infer<typeof tiersConfig>;
