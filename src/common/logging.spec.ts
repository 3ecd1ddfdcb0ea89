import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { createLogging, loggedUrl, requestId } from './logging';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestId', () => {
  it('keeps a sane X-Request-Id and makes a UUID for anything else', () => {
    expect(requestId(request({ 'x-request-id': 'test-req-42' }))).toBe('test-req-42');
    expect(requestId(request({}))).toMatch(UUID);
    expect(requestId(request({ 'x-request-id': 'two words' }))).toMatch(UUID);
    expect(requestId(request({ 'x-request-id': 'x'.repeat(101) }))).toMatch(UUID);
  });
});

describe('loggedUrl', () => {
  it('hides the postback key of the S2S intake and nothing else', () => {
    expect(loggedUrl('/postback/k3y_secret?transaction_id=1')).toBe(
      '/postback/[key]?transaction_id=1',
    );
    expect(loggedUrl('/postback/k3y_secret')).toBe('/postback/[key]');
    expect(loggedUrl('/api/postback-logs?postbackId=3')).toBe('/api/postback-logs?postbackId=3');
  });
});

describe('createLogging', () => {
  function capture(): { destination: Writable; lines: () => any[] } {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    return {
      destination,
      lines: () =>
        chunks
          .join('')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line)),
    };
  }

  it('writes one JSON object a line with a level label, an ISO time and the message', () => {
    const out = capture();
    const { root } = createLogging(
      { LOG_LEVEL: 'info', LOG_FORMAT: 'json', LOG_HOT_PATHS: false },
      { destination: out.destination },
    );
    root.debug('hidden');
    root.warn({ context: 'Test' }, 'shown');
    expect(out.lines()).toEqual([
      expect.objectContaining({ level: 'warn', context: 'Test', msg: 'shown' }),
    ]);
    expect(Number.isNaN(Date.parse(out.lines()[0].time))).toBe(false);
  });

  it('writes nothing at LOG_LEVEL=silent', () => {
    const out = capture();
    const { root } = createLogging(
      { LOG_LEVEL: 'silent', LOG_FORMAT: 'json', LOG_HOT_PATHS: false },
      { destination: out.destination },
    );
    root.fatal('not even this');
    expect(out.lines()).toEqual([]);
  });

  it('says so when pretty output was asked for and pino-pretty is missing', () => {
    const out = capture();
    createLogging(
      { LOG_LEVEL: 'info', LOG_FORMAT: 'pretty', LOG_HOT_PATHS: false },
      { destination: out.destination, prettyMissing: true },
    );
    expect(out.lines()).toEqual([
      expect.objectContaining({ level: 'warn', msg: expect.stringContaining('pino-pretty') }),
    ]);
  });
});
