import Fastify from 'fastify';
import { QueryFailedError } from 'typeorm';
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
  it('hides the postback key of the S2S intake', () => {
    expect(loggedUrl('/postback/k3y_secret?transaction_id=1')).toBe(
      '/postback/[key]?transaction_id=1',
    );
    expect(loggedUrl('/postback/k3y_secret')).toBe('/postback/[key]');
    expect(loggedUrl('/api/postback-logs?postbackId=3')).toBe('/api/postback-logs?postbackId=3');
  });

  it('hides the tokens of invites and portal links', () => {
    expect(loggedUrl('/auth/invites/t0ken/accept')).toBe('/auth/invites/[token]/accept');
    expect(loggedUrl('/auth/portal/t0ken')).toBe('/auth/portal/[token]');
    expect(loggedUrl('/app/invite/t0ken')).toBe('/app/invite/[token]');
    expect(loggedUrl('/auth/sign-in')).toBe('/auth/sign-in');
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

  it("logs an error's type, message and stack, never a failed query's bind values", async () => {
    const out = capture();
    const { root } = createLogging(
      { LOG_LEVEL: 'info', LOG_FORMAT: 'json', LOG_HOT_PATHS: false },
      { destination: out.destination },
    );
    const failed = new QueryFailedError(
      'UPDATE advertisers SET postback_key = $1',
      ['pk_secret_value'],
      Object.assign(new Error('duplicate key'), { detail: 'Key (postback_key)=(pk_secret_value)' }),
    );
    root.error({ err: failed }, 'root line');
    // Fastify's request loggers are children of the root: the same serializer applies.
    const app = Fastify({ loggerInstance: root });
    app.get('/fail', async (request) => {
      request.log.error({ err: failed }, 'request line');
      return {};
    });
    await app.inject({ method: 'GET', url: '/fail' });
    await app.close();
    const lines = out.lines().filter((line) => line.err);
    expect(lines.map((line) => line.msg)).toEqual(['root line', 'request line']);
    for (const line of lines) {
      expect(line.err).toEqual({
        type: 'QueryFailedError',
        message: failed.message,
        stack: failed.stack,
      });
    }
    expect(JSON.stringify(out.lines())).not.toContain('pk_secret_value');
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
