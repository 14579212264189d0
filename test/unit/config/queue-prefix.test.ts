import { describe, expect, it } from 'vitest';
import { defaultQueuePrefix, loadConfig } from '../../../src/config/config.js';

describe('QUEUE_PREFIX', () => {
  it('defaults to the database name, so two databases never share Redis keys', () => {
    expect(defaultQueuePrefix('postgres://u@db:5432/gd_live')).toBe('gammadesk:gd_live');
    expect(defaultQueuePrefix('postgres://u@db:5432/gd_staging')).toBe('gammadesk:gd_staging');
    expect(defaultQueuePrefix(undefined)).toBe('gammadesk:embedded');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/alpha' }).QUEUE_PREFIX).toBe(
      'gammadesk:alpha',
    );
  });

  it('an explicit QUEUE_PREFIX wins', () => {
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@h/alpha', QUEUE_PREFIX: 'blue' }).QUEUE_PREFIX,
    ).toBe('blue');
  });
});
