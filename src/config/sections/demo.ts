import { z } from 'zod';
import { bool, int } from '../schema-helpers.js';

const hhmm = (def: string, description: string) =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm (24-hour, New York time)')
    .default(def)
    .describe(description);

/** Only `npm run demo` reads these: which recorded-clock day it replays, and how fast. */
export const demoConfig = z.object({
  DEMO_DATE: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
    .default('2026-03-02')
    .describe('demo: the trading day the demo replays (simulated market, New York date).'),
  DEMO_START: hhmm(
    '08:25',
    'demo: engine-clock start time of the replay (New York); before the open the market shows the previous close.',
  ),
  DEMO_END: hhmm(
    '16:30',
    "demo: engine-clock time at which the demo prints its summary (New York), once the day's reports are delivered.",
  ),
  DEMO_SPEED: int(
    20,
    'demo: how many times faster than real time the engine clock runs in the live window.',
    { min: 1, max: 600 },
  ),
  DEMO_LIVE_FROM: hhmm(
    '09:30',
    "demo: start of the live window, replayed at DEMO_SPEED (New York); outside it and the reports' times the clock runs at DEMO_FAST_SPEED.",
  ),
  DEMO_LIVE_TO: hhmm('16:00', 'demo: end of the live window (New York).'),
  DEMO_FAST_SPEED: int(
    300,
    "demo: how many times faster than real time the engine clock runs outside the live window and the reports' times (nothing trades then).",
    { min: 1, max: 3600 },
  ),
  DEMO_EXIT: bool(false, 'demo: exit after the summary instead of serving until Ctrl-C.'),
});
