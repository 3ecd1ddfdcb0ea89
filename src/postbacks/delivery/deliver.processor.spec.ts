import { PROCESSOR_ERROR_BACKOFF_MS } from '../../queue/processor-errors';
import { deliveryBackoff, RetryLaterError } from './deliver.processor';

describe('deliveryBackoff', () => {
  it("waits the delay the retry policy chose for the delivery's own retry", () => {
    expect(deliveryBackoff(3, 'delivery-schedule', new RetryLaterError(12_345))).toBe(12_345);
    expect(deliveryBackoff(1, 'delivery-schedule', new RetryLaterError(0))).toBe(0);
  });

  it('backs off exponentially after an error the processor did not mean to throw', () => {
    const unexpected = new Error('connection terminated unexpectedly');
    expect(deliveryBackoff(1, 'delivery-schedule', unexpected)).toBe(PROCESSOR_ERROR_BACKOFF_MS);
    expect(deliveryBackoff(2, 'delivery-schedule', unexpected)).toBe(
      2 * PROCESSOR_ERROR_BACKOFF_MS,
    );
  });
});
