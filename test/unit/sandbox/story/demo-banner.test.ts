import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/common/clock.js';
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
  story.banner(loadConfig(env), 'http://127.0.0.1:3000', Date.UTC(2026, 2, 2, 14, 30), admin);
  return lines.join('\n');
}

describe('demo banner', () => {
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
