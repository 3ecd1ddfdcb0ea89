import { attemptErrorText, AttemptFacts } from './attempt-error-text';

const text = (facts: Partial<AttemptFacts>) =>
  attemptErrorText({ error: null, errorMessage: null, statusCode: null, ...facts });

describe('attemptErrorText', () => {
  it('says nothing when the tracker took the postback', () => {
    expect(text({ statusCode: 200 })).toBeNull();
    expect(text({ statusCode: 204 })).toBeNull();
  });

  it('reads network failures from the code in the detail (messages as Node and undici give them)', () => {
    const network = (errorMessage: string) => text({ error: 'network_error', errorMessage });
    expect(network('getaddrinfo ENOTFOUND t.example')).toBe('tracker host not found (DNS)');
    expect(network('getaddrinfo EAI_AGAIN t.example')).toMatch(/^DNS lookup .* failed/);
    expect(network('connect ECONNREFUSED 203.0.113.5:443')).toMatch(
      /^tracker refused the connection/,
    );
    expect(network('connect EHOSTUNREACH 203.0.113.5:443')).toMatch(/unreachable/);
    expect(network('other side closed')).toBe('tracker closed the connection before answering');
    expect(network('read ECONNRESET')).toBe('tracker closed the connection before answering');
    expect(network('self-signed certificate')).toMatch(/^secure connection failed/);
    expect(
      network(
        "Hostname/IP does not match certificate's altnames: Host: a. is not in the cert's altnames",
      ),
    ).toMatch(/^secure connection failed/);
    expect(
      network('803C:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'),
    ).toMatch(/^secure connection failed/);
    expect(network('Response does not match the HTTP/1.1 protocol (Expected HTTP/)')).toBe(
      'tracker sent an invalid HTTP answer',
    );
    expect(network('something new')).toBe('could not reach the tracker: something new');
    expect(text({ error: 'network_error' })).toBe('could not reach the tracker');
  });

  it('tells the kinds of timeout apart', () => {
    expect(text({ error: 'timeout', errorMessage: 'Connect Timeout Error' })).toMatch(
      /could not connect/,
    );
    expect(text({ error: 'timeout', errorMessage: 'Headers Timeout Error' })).toBe(
      'tracker did not answer within the time limit',
    );
    expect(text({ error: 'timeout', errorMessage: 'Body Timeout Error' })).toMatch(
      /did not finish/,
    );
    expect(
      text({ error: 'timeout', errorMessage: 'The operation was aborted due to timeout' }),
    ).toBe('tracker did not answer within the time limit');
  });

  it('explains refused destinations and postbacks that could not be built', () => {
    expect(
      text({ error: 'destination_not_allowed', errorMessage: 't.example resolves to 10.0.0.1' }),
    ).toMatch(/private or reserved address/);
    expect(text({ error: 'invalid_request', errorMessage: 'invalid URL' })).toBe(
      'the postback could not be built from this event: invalid URL',
    );
    expect(text({ error: 'invalid_url', errorMessage: 'invalid x-click header' })).toBe(
      'the postback could not be built from this event: invalid x-click header',
    );
    expect(text({ error: 'some_new_code', errorMessage: 'why' })).toBe('some new code: why');
  });

  it('names the redirect target, which is never followed', () => {
    expect(text({ statusCode: 302, errorMessage: 'Location: https://t.example/pb?x=1' })).toBe(
      'redirect to https://t.example/pb?x=1 not followed (302 Found); put the final URL in the rule',
    );
    expect(text({ statusCode: 301 })).toBe(
      'redirect not followed (301 Moved Permanently, no Location given)',
    );
    const long = `Location: https://t.example/${'a'.repeat(500)}`;
    expect(text({ statusCode: 307, errorMessage: long })!.length).toBeLessThan(300);
  });

  it('puts the tracker’s status in words', () => {
    expect(text({ statusCode: 404 })).toBe(
      'tracker does not know this URL (404 Not Found); check the URL',
    );
    expect(text({ statusCode: 401 })).toMatch(
      /^tracker refused the postback \(401 Unauthorized\); check the key/,
    );
    expect(text({ statusCode: 400 })).toBe('tracker refused the postback (400 Bad Request)');
    expect(text({ statusCode: 410 })).toMatch(/gone \(410 Gone\); the rule is paused/);
    expect(text({ statusCode: 429 })).toBe('tracker is limiting requests (429 Too Many Requests)');
    expect(text({ statusCode: 503 })).toBe('tracker error (503 Service Unavailable)');
    expect(text({ statusCode: 599 })).toBe('tracker error (599)');
    expect(text({ statusCode: 102 })).toBe('unexpected answer from the tracker (102 Processing)');
  });

  it('adds that an answer was too large to whatever the status meant', () => {
    expect(text({ error: 'response_too_large', statusCode: 200 })).toBe(
      "the tracker's answer was over 64 KiB; the first 4 KiB are kept",
    );
    expect(text({ error: 'response_too_large', statusCode: 500 })).toBe(
      "tracker error (500 Internal Server Error); the tracker's answer was over 64 KiB; the first 4 KiB are kept",
    );
  });

  it('says which text a 2xx answer lacked (expectBody)', () => {
    expect(text({ error: 'unexpected_body', errorMessage: 'Expected: OK', statusCode: 200 })).toBe(
      'tracker answered 200 but not with the expected text "OK"; its answer says why',
    );
    expect(text({ error: 'unexpected_body', statusCode: 204 })).toBe(
      'tracker answered 204 but not with the expected text; its answer says why',
    );
  });
});
