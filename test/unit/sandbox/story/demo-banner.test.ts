import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/common/clock.js';
import { nyInstant } from '../../../../src/common/market-calendar.js';
import { loadConfig } from '../../../../src/config/config.js';
import {
  DEMO_ADMIN_EMAIL,
  DEMO_ADMIN_PASSWORD,
  DEMO_OPERATOR_TOKEN,
  DemoStory,
} from '../../../../src/sandbox/story/demo-story.js';

function banner(
  env: Record<string, string>,
  admin: { email: string; password: string } | null = null,
): string {
  const lines: string[] = [];
  const story = new DemoStory(new FakeClock(), (line) => lines.push(line));
  const at = (t: string) => nyInstant('2026-03-10', t);
  const times = {
    start: at('08:25'),
    end: at('16:30'),
    open: at('09:30'),
    close: at('16:00'),
    wallMs: 1_260_000,
  };
  story.banner(loadConfig(env), 'http://127.0.0.1:3000', times, admin);
  return lines.join('\n');
}

describe('demo banner', () => {
  it('says which hours run at which speed and how long the demo takes', () => {
    const text = banner({ DEMO_DATE: '2026-03-10', DEMO_SPEED: '20', DEMO_FAST_SPEED: '300' });
    expect(text).toContain(
      "Replaying 2026-03-10 from 08:25 to 16:30 New York time: the session 09:30–16:00 and each report's time at 20× (Basic arrives 3 s and Free 15 s after Premium), the rest at 300×; about 21 minutes in all.",
    );
  });

  it("prints the demo's own admin login and operator token", () => {
    const text = banner(
      { ADMIN_API_TOKEN: DEMO_OPERATOR_TOKEN },
      { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD },
    );
    expect(text).toContain(`sign in: ${DEMO_ADMIN_EMAIL} / ${DEMO_ADMIN_PASSWORD}`);
    expect(text).toContain(DEMO_OPERATOR_TOKEN);
  });

  it('never prints credentials that came from the environment', () => {
    const password = 'operators-own-secret-password';
    const token = 'operators-own-api-token-0123456789';
    const text = banner({ ADMIN_PASSWORD: password, ADMIN_API_TOKEN: token });
    expect(text).not.toContain(password);
    expect(text).not.toContain(token);
    expect(text).toContain('gammadesk admin create EMAIL');
    expect(text).toContain('$ADMIN_API_TOKEN');
  });
});

describe('demo console follow-ups', () => {
  it('prints a credit trade’s prices as the credit, never negative', () => {
    const lines: string[] = [];
    const story = new DemoStory(new FakeClock(), (line) => lines.push(line));
    const at = nyInstant('2026-03-10', '10:13');
    story.updated({
      signalId: 'SIG-20260310-001',
      kind: 'closed',
      at,
      reason: 'initial 15% stop hit',
      exitPrice: -2.09,
      returnPct: -0.174,
    });
    story.updated({
      signalId: 'SIG-20260310-002',
      kind: 'closed',
      at,
      reason: 'target hit',
      exitPrice: 2.13,
      returnPct: 0.01,
    });
    expect(lines[0]).toContain(
      'SIG-20260310-001 closed at 2.09 credit (-17%) — initial 15% stop hit',
    );
    expect(lines[1]).toContain('SIG-20260310-002 closed at 2.13 (1%)');
  });
});
