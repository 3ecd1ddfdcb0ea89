import {
  PROCESSOR_ERROR_BACKOFF_MS,
  PROCESSOR_ERROR_MAX_BACKOFF_MS,
  processorErrorBackoff,
} from './processor-errors';

describe('processorErrorBackoff', () => {
  it('waits the base delay after the first failure and doubles it after each further one', () => {
    expect(processorErrorBackoff(1)).toBe(PROCESSOR_ERROR_BACKOFF_MS);
    expect(processorErrorBackoff(2)).toBe(2 * PROCESSOR_ERROR_BACKOFF_MS);
    expect(processorErrorBackoff(3)).toBe(4 * PROCESSOR_ERROR_BACKOFF_MS);
  });

  it('never retries at once, and never waits past the cap', () => {
    expect(processorErrorBackoff(0)).toBe(PROCESSOR_ERROR_BACKOFF_MS);
    expect(processorErrorBackoff(40)).toBe(PROCESSOR_ERROR_MAX_BACKOFF_MS);
    expect(processorErrorBackoff(5000)).toBe(PROCESSOR_ERROR_MAX_BACKOFF_MS);
  });
});
