// What one delivery attempt means for the delivery (SPEC §8). Pure.

// invalid_request: the request built from the rule and the event can't be sent (a template that
// no longer renders, a URL or header HTTP can't carry). Nothing reached the receiver.
// unexpected_body: a 2xx without the rule's expectBody text (SPEC §6), e.g. ExoClick's
// `200 ERROR: …`: the receiver answered and refused, so it is failed like a 4xx.
export type AttemptErrorCode =
  | 'timeout'
  | 'network_error'
  | 'destination_not_allowed'
  | 'invalid_request'
  | 'response_too_large'
  | 'unexpected_body';

// An `unexpected_body` attempt keeps the text it expected in errorMessage, after this prefix.
export const EXPECTED_BODY_PREFIX = 'Expected: ';

// Errors about the request we built, not the receiver: they don't count towards auto-pause,
// or anyone who can make a click could pause a rule. 'invalid_url' is older attempts' name.
export const REQUEST_ERRORS: readonly string[] = ['invalid_request', 'invalid_url'];

export type AttemptOutcome = 'delivered' | 'retry' | 'failed';

export interface AttemptResult {
  statusCode: number | null;
  error: AttemptErrorCode | null;
  // A 2xx whose body stopped before the rule's expectBody text showed up (checkExpectedBody).
  expectedBodyPending?: boolean;
}

export interface AttemptClassification {
  outcome: AttemptOutcome;
  pauseRule: boolean;
}

// Retrying cannot help: the request or its destination will be refused again.
const PERMANENT_ERRORS: ReadonlySet<AttemptErrorCode> = new Set([
  'destination_not_allowed',
  'invalid_request',
  'unexpected_body',
]);
// Timeout, Too Early, Too Many Requests: the receiver may accept later.
const RETRYABLE_CLIENT_STATUSES: ReadonlySet<number> = new Set([408, 425, 429]);
// Gone: the receiver tells us the endpoint no longer exists.
const GONE = 410;

export function classifyAttempt(result: AttemptResult): AttemptClassification {
  if (result.error !== null && PERMANENT_ERRORS.has(result.error)) return failed();
  if (result.expectedBodyPending === true) return { outcome: 'retry', pauseRule: false };
  // Once a status arrived, it decides: a body cut short (too large, read timeout)
  // doesn't change what the receiver answered.
  if (result.statusCode !== null) return classifyStatus(result.statusCode);
  // No response at all (timeout, network error, or nothing recorded): try again.
  return { outcome: 'retry', pauseRule: false };
}

export interface AnsweredResult extends AttemptResult {
  errorMessage: string | null;
  responseBody: string | null;
}

// A 2xx whose kept body (the first 4 KiB) lacks the rule's expectBody becomes `unexpected_body`,
// unless the body stopped early (deadline, dropped connection): then the text may simply not have
// arrived yet, so the attempt keeps its error and is retried. A body cut at the size limit is
// judged by what was kept. Any other result, or no expectBody, is returned as is.
export function checkExpectedBody<R extends AnsweredResult>(
  result: R,
  expectBody: string | null,
): R {
  if (expectBody === null || expectBody === '') return result;
  if (result.statusCode === null || result.statusCode < 200 || result.statusCode > 299) {
    return result;
  }
  if ((result.responseBody ?? '').includes(expectBody)) return result;
  if (result.error === 'timeout' || result.error === 'network_error') {
    const note = 'expected text not received before the body stopped';
    return {
      ...result,
      expectedBodyPending: true,
      errorMessage: result.errorMessage === null ? note : `${result.errorMessage}; ${note}`,
    };
  }
  return {
    ...result,
    error: 'unexpected_body',
    errorMessage: `${EXPECTED_BODY_PREFIX}${expectBody}`,
  };
}

function classifyStatus(statusCode: number): AttemptClassification {
  if (statusCode >= 200 && statusCode <= 299) return { outcome: 'delivered', pauseRule: false };
  if (RETRYABLE_CLIENT_STATUSES.has(statusCode) || (statusCode >= 500 && statusCode <= 599)) {
    return { outcome: 'retry', pauseRule: false };
  }
  // 1xx, 3xx (redirects are never followed), other 4xx and anything non-standard.
  return { outcome: 'failed', pauseRule: statusCode === GONE };
}

function failed(): AttemptClassification {
  return { outcome: 'failed', pauseRule: false };
}
