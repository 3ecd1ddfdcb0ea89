import {
  AnsweredResult,
  AttemptErrorCode,
  checkExpectedBody,
  classifyAttempt,
} from './attempt-outcome';

const delivered = { outcome: 'delivered', pauseRule: false };
const retry = { outcome: 'retry', pauseRule: false };
const failed = { outcome: 'failed', pauseRule: false };
const failedAndPause = { outcome: 'failed', pauseRule: true };

function status(statusCode: number) {
  return classifyAttempt({ statusCode, error: null });
}

describe('classifyAttempt — status codes', () => {
  it.each([200, 201, 202, 204, 299])('%i is delivered', (code) => {
    expect(status(code)).toEqual(delivered);
  });

  it.each([500, 502, 503, 504, 599])('%i is retried', (code) => {
    expect(status(code)).toEqual(retry);
  });

  it.each([408, 425, 429])('%i is retried', (code) => {
    expect(status(code)).toEqual(retry);
  });

  it.each([100, 101, 199])('%i (informational) fails', (code) => {
    expect(status(code)).toEqual(failed);
  });

  it.each([300, 301, 302, 304, 307, 308, 399])('%i (redirect, not followed) fails', (code) => {
    expect(status(code)).toEqual(failed);
  });

  it.each([400, 401, 403, 404, 405, 409, 413, 422, 426, 428, 431, 451, 499])(
    '%i fails without retry',
    (code) => {
      expect(status(code)).toEqual(failed);
    },
  );

  it('410 fails and pauses the rule', () => {
    expect(status(410)).toEqual(failedAndPause);
  });

  it('only 410 pauses the rule', () => {
    const pausing = [];
    for (let code = 100; code <= 599; code++) if (status(code).pauseRule) pausing.push(code);
    expect(pausing).toEqual([410]);
  });

  it.each([0, 99, 600, 999])('non-standard %i fails', (code) => {
    expect(status(code)).toEqual(failed);
  });
});

describe('classifyAttempt — errors', () => {
  it.each<AttemptErrorCode>(['timeout', 'network_error'])(
    '%s without a response is retried',
    (error) => {
      expect(classifyAttempt({ statusCode: null, error })).toEqual(retry);
    },
  );

  it.each<AttemptErrorCode>(['destination_not_allowed', 'invalid_request', 'unexpected_body'])(
    '%s fails without retry',
    (error) => {
      expect(classifyAttempt({ statusCode: null, error })).toEqual(failed);
    },
  );

  it('response_too_large with a 2xx status is still delivered', () => {
    expect(classifyAttempt({ statusCode: 200, error: 'response_too_large' })).toEqual(delivered);
  });

  it('response_too_large follows the status otherwise', () => {
    expect(classifyAttempt({ statusCode: 503, error: 'response_too_large' })).toEqual(retry);
    expect(classifyAttempt({ statusCode: 404, error: 'response_too_large' })).toEqual(failed);
    expect(classifyAttempt({ statusCode: 410, error: 'response_too_large' })).toEqual(
      failedAndPause,
    );
  });

  it('a timeout while reading the body of a 2xx is still delivered', () => {
    expect(classifyAttempt({ statusCode: 204, error: 'timeout' })).toEqual(delivered);
  });

  it('a response-less result with no error is retried', () => {
    expect(classifyAttempt({ statusCode: null, error: null })).toEqual(retry);
  });
});

describe('checkExpectedBody', () => {
  const answer = (statusCode: number | null, responseBody: string | null): AnsweredResult => ({
    statusCode,
    responseBody,
    error: null,
    errorMessage: null,
  });

  it('fails a 2xx without the expected text as unexpected_body, naming the text', () => {
    const checked = checkExpectedBody(answer(200, 'ERROR: bad goal'), 'OK');
    expect(checked).toEqual({
      statusCode: 200,
      responseBody: 'ERROR: bad goal',
      error: 'unexpected_body',
      errorMessage: 'Expected: OK',
    });
    expect(classifyAttempt(checked)).toEqual(failed);
    expect(checkExpectedBody(answer(204, null), 'OK').error).toBe('unexpected_body');
  });

  it('is case-sensitive and looks anywhere in the kept body', () => {
    expect(checkExpectedBody(answer(200, 'ok'), 'OK').error).toBe('unexpected_body');
    expect(checkExpectedBody(answer(200, '{"status":"OK"}\n'), 'OK').error).toBeNull();
    expect(checkExpectedBody(answer(201, 'OK'), 'OK').error).toBeNull();
  });

  it('leaves every other answer as it was', () => {
    for (const result of [
      answer(500, 'boom'),
      answer(404, ''),
      answer(302, ''),
      answer(null, null),
    ]) {
      expect(checkExpectedBody(result, 'OK')).toBe(result);
    }
    const plain = answer(200, 'anything');
    expect(checkExpectedBody(plain, null)).toBe(plain);
  });

  it('retries a 2xx whose body stopped early without the text: it may not have arrived yet', () => {
    for (const error of ['timeout', 'network_error'] as const) {
      const cut: AnsweredResult = {
        statusCode: 200,
        responseBody: 'still wri',
        error,
        errorMessage: 'response body not finished within 10000 ms',
      };
      const checked = checkExpectedBody(cut, 'OK');
      expect(checked.error).toBe(error);
      expect(checked.errorMessage).toMatch(/^response body not finished within 10000 ms; /);
      expect(classifyAttempt(checked)).toEqual(retry);
      // The text arrived before the body stopped: delivered, as without expectBody.
      const found = { ...cut, responseBody: 'OK, still wri' };
      expect(classifyAttempt(checkExpectedBody(found, 'OK'))).toEqual(delivered);
    }
  });

  it('judges a body cut short by what was kept', () => {
    const tooLarge = { ...answer(200, 'x'.repeat(4096)), error: 'response_too_large' as const };
    expect(checkExpectedBody(tooLarge, 'OK').error).toBe('unexpected_body');
    const found = { ...answer(200, 'OK then more'), error: 'response_too_large' as const };
    expect(checkExpectedBody(found, 'OK')).toBe(found);
  });
});
