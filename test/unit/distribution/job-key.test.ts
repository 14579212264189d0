import { describe, expect, it } from 'vitest';
import {
  decodeJobKey,
  decodeQueueJobId,
  encodeJobKey,
  encodeQueueJobId,
  parseJobKey,
  type DeliveryJobKey,
  type QueueJobId,
} from '../../../src/distribution/job-key.js';

const broadcast: DeliveryJobKey = {
  kind: 'broadcast',
  eventId: '42',
  tier: 'premium',
  channel: 'discord',
};
const batch: DeliveryJobKey = {
  kind: 'batch',
  eventId: '7',
  tier: 'basic',
  channel: 'email',
  batch: 3,
};

describe('delivery job keys', () => {
  it('encodes the stored format and decodes it back', () => {
    expect(encodeJobKey(broadcast)).toBe('42.premium.discord');
    expect(encodeJobKey(batch)).toBe('7.basic.email.3');
    for (const key of [broadcast, batch]) expect(decodeJobKey(encodeJobKey(key))).toEqual(key);
  });

  it('round-trips every queue job id kind', () => {
    const ids: QueueJobId[] = [
      { kind: 'run', key: broadcast },
      { kind: 'hold', key: batch, at: 1772463600000 },
      { kind: 'hold', key: batch, at: 1772463600000.25 },
      { kind: 'premium_wait', key: batch, seq: 12 },
      { kind: 'retry', key: broadcast, seq: 4 },
      { kind: 'resend', key: batch, rowId: '991' },
    ];
    for (const id of ids) expect(decodeQueueJobId(encodeQueueJobId(id))).toEqual(id);
    expect(encodeQueueJobId({ kind: 'retry', key: broadcast, seq: 2 })).toBe(
      '42.premium.discord~a2',
    );
    expect(encodeQueueJobId({ kind: 'hold', key: broadcast, at: 5 })).toBe('42.premium.discord~d5');
    expect(encodeQueueJobId({ kind: 'resend', key: batch, rowId: '9' })).toBe('7.basic.email.3~r9');
  });

  it.each([
    '',
    '42',
    '42.premium',
    'x.premium.discord',
    '42.gold.discord',
    '42.premium.fax',
    '42.premium.email.x',
    '42.premium.email.1.2',
    '42.premium.email.-1',
    ' 42.premium.discord',
  ])('rejects the malformed key %j', (text) => {
    expect(decodeJobKey(text)).toBeNull();
    expect(decodeQueueJobId(text)).toBeNull();
    expect(() => parseJobKey(text)).toThrow(/malformed delivery job key/);
  });

  it.each([
    '42.premium.discord~',
    '42.premium.discord~x1',
    '42.premium.discord~a',
    '42.premium.discord~a1.5',
    '42.premium.discord~p',
    '42.premium.discord~r1~a2',
    '42.premium.discord~d-1',
    'bull:42.premium.discord',
  ])('rejects the malformed queue job id %j', (text) => {
    expect(decodeQueueJobId(text)).toBeNull();
  });
});
