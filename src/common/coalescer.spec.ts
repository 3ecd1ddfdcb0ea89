import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  it('answers calls of one turn with one run, each with its own output', async () => {
    const runs: number[][] = [];
    const doubler = new Coalescer(async (inputs: number[]) => {
      runs.push(inputs);
      return inputs.map((n) => n * 2);
    }, 100);
    const outputs = await Promise.all([1, 2, 3].map((n) => doubler.call(n)));
    expect(outputs).toEqual([2, 4, 6]);
    expect(runs).toEqual([[1, 2, 3]]);
    expect(await doubler.call(4)).toBe(8);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('splits at the batch limit', async () => {
    const runs: number[][] = [];
    const echo = new Coalescer(async (inputs: number[]) => {
      runs.push(inputs);
      return inputs;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => echo.call(n)));
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("rejects every call of a failed run with the run's error", async () => {
    const failing = new Coalescer(async (): Promise<number[]> => {
      throw new Error('database away');
    }, 10);
    const results = await Promise.allSettled([failing.call(1), failing.call(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('database away');
  });

  it('rejects when run throws synchronously', async () => {
    const throwing = new Coalescer((): Promise<number[]> => {
      throw new Error('bad input');
    }, 10);
    await expect(throwing.call(1)).rejects.toThrow('bad input');
  });
});
