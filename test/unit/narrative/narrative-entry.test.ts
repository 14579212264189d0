import { describe, expect, it } from 'vitest';
import {
  factsHash,
  narrativeEntry,
  verdictOfCall,
} from '../../../src/narrative/writer/narrative-entry.js';
import type { NarrativeCallRecord } from '../../../src/narrative/writer/usage.js';
import { SPY_FLIP_FACTS } from '../../support/narrative-facts.js';

const facts = SPY_FLIP_FACTS;

function call(over: Partial<NarrativeCallRecord>): NarrativeCallRecord {
  return {
    callId: 'c1',
    at: 0,
    day: '2026-03-02',
    kind: 'signal',
    provider: 'anthropic',
    model: 'claude-test',
    outcome: 'used',
    late: false,
    attempts: 1,
    usage: { inputTokens: 100, outputTokens: 20 },
    costUsd: 0.0006,
    latencyMs: 300,
    ...over,
  };
}

describe('the stored form of a narrative', () => {
  it('hashes the facts the same way every time, and differently when a fact changes', () => {
    expect(factsHash(facts)).toMatch(/^[0-9a-f]{64}$/);
    expect(factsHash({ ...facts })).toBe(factsHash(facts));
    expect(factsHash({ ...facts, points: ['another reason'] })).not.toBe(factsHash(facts));
  });

  it('names the verdict of each call outcome with its reasons', () => {
    expect(verdictOfCall(call({}))).toEqual({ verdict: 'passed', detail: null });
    expect(
      verdictOfCall(
        call({
          outcome: 'rejected',
          unmatched: [{ text: '547', index: 10, kind: 'number' }],
          machineTokens: ['gex_squeeze'],
        }),
      ),
    ).toEqual({
      verdict: 'rejected',
      detail: {
        unmatched: [{ text: '547', index: 10, kind: 'number' }],
        machineTokens: ['gex_squeeze'],
      },
    });
    expect(
      verdictOfCall(call({ outcome: 'failed', error: { kind: 'timeout', message: 'timed out' } })),
    ).toMatchObject({ verdict: 'timed_out' });
    expect(
      verdictOfCall(
        call({ outcome: 'failed', error: { kind: 'server', status: 500, message: 'api_error' } }),
      ),
    ).toEqual({
      verdict: 'error',
      detail: { error: 'server', status: 500, message: 'api_error' },
    });
  });

  it("keeps the call's tokens, cost and latency with the texts", () => {
    const e = narrativeEntry(
      {
        id: 'n1',
        facts,
        cacheKey: 'signal:S1:premium',
        signal: { id: 'S1', tier: 'premium' },
        writer: 'anthropic',
        model: 'configured-model',
        at: 1_000,
      },
      {
        rawText: 'SPY crossed 545.86.',
        verdict: 'passed',
        detail: null,
        usedText: 'SPY crossed 545.86.',
        usedSource: 'model',
        call: call({}),
      },
    );
    expect(e).toMatchObject({
      signalId: 'S1',
      tier: 'premium',
      model: 'claude-test',
      inputTokens: 100,
      outputTokens: 20,
      costUsd: 0.0006,
      latencyMs: 300,
      approval: 'none',
      createdAt: 1_000,
    });
  });
});
