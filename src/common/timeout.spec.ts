import { timeoutError, withTimeout } from './timeout';

describe('withTimeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const never = () => new Promise<string>(() => undefined);

  it('gives the work its own outcome when it settles in time', async () => {
    await expect(withTimeout(Promise.resolve('done'), 100, () => 'late')).resolves.toBe('done');
    await expect(withTimeout(Promise.reject(new Error('boom')), 100, () => 'late')).rejects.toThrow(
      'boom',
    );
  });

  it('answers the fallback, or rejects with the timeout error, once the time is up', async () => {
    const fallback = withTimeout(never(), 100, () => 'late');
    const failing = withTimeout(never(), 100, timeoutError('queue did not answer'));
    jest.advanceTimersByTime(100);
    await expect(fallback).resolves.toBe('late');
    await expect(failing).rejects.toThrow('queue did not answer');
  });

  it('clears its timer when the work settles first', async () => {
    await withTimeout(Promise.resolve(1), 100, () => 0);
    expect(jest.getTimerCount()).toBe(0);
  });
});
