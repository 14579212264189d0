import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { sliceConfig } from '../../../src/config/slices.js';
import { createNarrativeService } from '../../../src/narrative/writer/create-narrative-service.js';

describe('narrative settings', () => {
  it('default to the template writer with a 2 s budget', () => {
    const config = loadConfig({});
    expect(config.NARRATIVE_WRITER).toBe('template');
    expect(config.NARRATIVE_BUDGET_MS).toBe(2000);
    const service = createNarrativeService({
      config: sliceConfig(config).narrative,
      clock: new FakeClock(),
    });
    expect(service.provider).toBe('template');
  });

  it('list a chosen model without its key with every other problem', () => {
    let error: unknown;
    try {
      loadConfig({ NARRATIVE_WRITER: 'anthropic', PORT: 'eighty' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]).sort();
    expect(problems).toEqual(['ANTHROPIC_API_KEY', 'PORT']);
    expect(() => loadConfig({ NARRATIVE_WRITER: 'openai' })).toThrow(/OPENAI_API_KEY/);
    expect(loadConfig({ NARRATIVE_WRITER: 'openai', OPENAI_API_KEY: 'sk-x' }).OPENAI_API_KEY).toBe(
      'sk-x',
    );
  });

  it('fail composition the same way when given settings that skipped the loader', () => {
    const config = {
      ...sliceConfig(loadConfig({})).narrative,
      NARRATIVE_WRITER: 'openai' as const,
    };
    expect(() => createNarrativeService({ config, clock: new FakeClock() })).toThrow(ConfigError);
  });
});
