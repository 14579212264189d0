import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../src/distribution/group-commit.js';

describe('GroupCommit', () => {
  it('merges requests that arrive while a write is in flight, and answers each its own result', async () => {
    const writes: number[][] = [];
    let release: (() => void) | null = null;
    const gc = new GroupCommit<number, number>(async (reqs) => {
      writes.push(reqs);
      if (writes.length === 1) await new Promise<void>((r) => (release = r));
      return reqs.map((x) => x * 10);
    }, 1);
    const first = gc.submit(1); // goes at once
    const rest = [2, 3, 4, 5].map((x) => gc.submit(x)); // wait for the first write
    expect(writes).toEqual([[1]]);
    release!();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(writes).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('rejects every request of a failed write and keeps going with the next', async () => {
    let calls = 0;
    const gc = new GroupCommit<string, string>(async (reqs) => {
      calls++;
      if (calls === 1) throw new Error('connection lost');
      return reqs.map((r) => r.toUpperCase());
    }, 1);
    const failed = gc.submit('a');
    const later = gc.submit('b');
    await expect(failed).rejects.toThrow('connection lost');
    expect(await later).toBe('B');
  });

  it('caps a write at maxBatch requests', async () => {
    const sizes: number[] = [];
    const gc = new GroupCommit<number, null>(
      async (reqs) => {
        sizes.push(reqs.length);
        await new Promise((r) => setTimeout(r, 1));
        return reqs.map(() => null);
      },
      1,
      3,
    );
    await Promise.all(Array.from({ length: 8 }, (_, i) => gc.submit(i)));
    expect(sizes).toEqual([1, 3, 3, 1]);
  });

  it('with gatherTurn, the requests of one turn share one write', async () => {
    const writes: number[][] = [];
    const gc = new GroupCommit<number, number>(
      async (reqs) => {
        writes.push(reqs);
        return reqs.map((x) => x + 1);
      },
      2,
      500,
      true,
    );
    const first = gc.submit(1);
    await Promise.resolve(); // a later microtask of the same turn
    const second = gc.submit(2);
    expect(writes).toEqual([]);
    expect(await Promise.all([first, second])).toEqual([2, 3]);
    expect(writes).toEqual([[1, 2]]);
    expect(await gc.submit(3)).toBe(4);
    expect(writes).toEqual([[1, 2], [3]]);
  });
});
