import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { renderEnvExample } from '../../../src/config/env-example.js';
import { configSchema } from '../../../src/config/schema.js';

describe('.env.example', () => {
  it('is exactly what the schema renders (run `npm run config:example` after changing config)', () => {
    expect(readFileSync('.env.example', 'utf8')).toBe(renderEnvExample());
  });

  it('documents every variable with a description', () => {
    const text = renderEnvExample();
    for (const [name, schema] of Object.entries(configSchema.shape)) {
      expect(text).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
      expect((schema as { description?: string }).description, name).toBeTruthy();
    }
  });

  it('parses as a valid configuration when loaded as an environment', () => {
    const env: Record<string, string> = {};
    for (const line of renderEnvExample().split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      if (m) env[m[1]] = m[2];
    }
    expect(() => loadConfig(env)).not.toThrow();
  });
});
