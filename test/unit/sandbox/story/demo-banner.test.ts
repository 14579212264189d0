import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/common/clock.js';
import { loadConfig } from '../../../../src/config/config.js';
import {
  DEMO_ADMIN_PASSWORD,
  DEMO_OPERATOR_TOKEN,
  DemoStory,
} from '../../../../src/sandbox/story/demo-story.js';

function banner(env: Record<string, string>): string {
  const lines: string[] = [];
  const story = new DemoStory(new FakeClock(), (line) => lines.push(line));
  story.banner(loadConfig(env), 'http://127.0.0.1:3000', Date.UTC(2026, 2, 2, 14, 30));
  return lines.join('\n');
}

describe('demo banner', () => {
  it("prints the demo's own password and operator token", () => {
    const text = banner({
      ADMIN_PASSWORD: DEMO_ADMIN_PASSWORD,
      ADMIN_API_TOKEN: DEMO_OPERATOR_TOKEN,
    });
    expect(text).toContain(DEMO_ADMIN_PASSWORD);
    expect(text).toContain(DEMO_OPERATOR_TOKEN);
  });

  it('never prints credentials that came from the environment', () => {
    const password = 'operators-own-secret-password';
    const token = 'operators-own-api-token-0123456789';
    const text = banner({ ADMIN_PASSWORD: password, ADMIN_API_TOKEN: token });
    expect(text).not.toContain(password);
    expect(text).not.toContain(token);
    expect(text).toContain('from ADMIN_PASSWORD');
    expect(text).toContain('$ADMIN_API_TOKEN');
  });
});
