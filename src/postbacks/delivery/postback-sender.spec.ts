import { createServer, Server } from 'node:http';
import {
  AddressInfo,
  createServer as createTcpServer,
  Server as TcpServer,
  Socket,
} from 'node:net';
import { request } from 'undici';
import type { AppConfig } from '../../config/app-config';
import {
  createDispatcher,
  OutboundRequest,
  PostbackSender,
  requestProblem,
} from './postback-sender';

const get = (url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
  method: 'GET',
  url,
  headers: { 'user-agent': 'test' },
  body: null,
  timeoutMs: 5000,
  ...extra,
});

describe('requestProblem', () => {
  it('accepts what buildOutboundRequest makes', () => {
    expect(
      requestProblem(get('https://t.example/p?a=%D0%BA&b=1', { headers: { 'x-click': 'a\tb' } })),
    ).toBeNull();
  });

  it.each([
    ['an invalid URL', get('http://bad host/x')],
    ['a non-http URL', get('ftp://t.example/x')],
    ['a header name with a space', get('https://t.example/', { headers: { 'x bad': '1' } })],
    ['a header the client owns', get('https://t.example/', { headers: { 'Content-Length': '1' } })],
    ['Cyrillic in a value', get('https://t.example/', { headers: { 'x-click': 'кампания' } })],
    ['Latin-1 in a value', get('https://t.example/', { headers: { 'x-click': 'café' } })],
    ['a line break in a value', get('https://t.example/', { headers: { 'x-click': 'a\r\nb' } })],
  ])('names %s', (_label, req) => {
    expect(requestProblem(req)).toEqual(expect.any(String));
  });
});

async function listen(server: Server | TcpServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createDispatcher', () => {
  let server: Server;
  let host: string;
  beforeAll(async () => {
    server = createServer((req, res) => res.end(`ok ${req.headers['x-n'] ?? ''}`));
    host = await listen(server);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps serving an origin after more requests were refused than it has connections', async () => {
    const agent = createDispatcher({ connections: 2, pipelining: 1 });
    try {
      for (let i = 0; i < 5; i++) {
        await expect(
          request(`http://${host}/bad`, { dispatcher: agent, headers: { 'x-click': 'кампания' } }),
        ).rejects.toThrow(/invalid x-click header/);
      }
      // More good requests than connections, so the pool must use every one of them.
      const answers = await Promise.all(
        [1, 2, 3, 4, 5].map(async (n) => {
          const res = await request(`http://${host}/good`, {
            dispatcher: agent,
            headers: { 'x-n': String(n) },
            headersTimeout: 20_000,
          });
          return res.body.text();
        }),
      );
      expect(answers).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4', 'ok 5']);
    } finally {
      await agent.destroy();
    }
  });
});

describe('PostbackSender deadline', () => {
  const config = {
    POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
    POSTBACK_MAX_CONNECTIONS_PER_ORIGIN: 1,
  } as AppConfig;
  let sender: PostbackSender;
  const sockets = new Set<Socket>();
  // Accepts connections and never says a word: a TLS handshake to it never ends.
  let silent: TcpServer;
  let silentHost: string;
  // Answers 200 at once, then sends its body a byte at a time, forever.
  let trickle: Server;
  let trickleHost: string;

  beforeAll(async () => {
    sender = new PostbackSender(config);
    silent = createTcpServer((socket) => sockets.add(socket));
    silentHost = await listen(silent);
    trickle = createServer((req, res) => {
      if (req.url === '/hold') return; // never answers
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('O');
      const timer = setInterval(() => res.write('K'), 50);
      res.on('close', () => clearInterval(timer));
    });
    trickleHost = await listen(trickle);
  });
  afterAll(async () => {
    await sender.onApplicationShutdown();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    trickle.closeAllConnections();
    await new Promise((resolve) => trickle.close(resolve));
  });

  it('ends an attempt still connecting at timeoutMs, not at the 10 s connect timeout', async () => {
    const result = await sender.send(get(`https://${silentHost}/x`, { timeoutMs: 500 }));
    expect(result).toMatchObject({ statusCode: null, error: 'timeout' });
    expect(result.errorMessage).toBe('no response within 500 ms');
    expect(result.durationMs).toBeLessThan(9_000);
  });

  it('ends an attempt queued behind a busy connection at timeoutMs', async () => {
    // One connection per origin: the first request holds it for up to 20 s.
    const holding = sender.send(get(`http://${trickleHost}/hold`, { timeoutMs: 20_000 }));
    const queued = await sender.send(get(`http://${trickleHost}/queued`, { timeoutMs: 300 }));
    expect(queued).toMatchObject({ statusCode: null, error: 'timeout' });
    expect(queued.errorMessage).toBe('no response within 300 ms');
    expect(queued.durationMs).toBeLessThan(15_000);
    trickle.closeAllConnections();
    await holding;
  });

  it('keeps the status of an answer whose body is still coming at timeoutMs', async () => {
    const result = await sender.send(get(`http://${trickleHost}/trickle`, { timeoutMs: 600 }));
    expect(result).toMatchObject({ statusCode: 200, error: 'timeout' });
    expect(result.errorMessage).toBe('response body not finished within 600 ms');
    expect(result.responseBody).toMatch(/^OK+$/);
  });

  it('answers invalid_request for a header HTTP cannot carry, without sending it', async () => {
    const result = await sender.send(
      get(`http://${trickleHost}/never`, { headers: { 'x-click': 'кампания' } }),
    );
    expect(result).toMatchObject({ statusCode: null, error: 'invalid_request' });
    expect(result.errorMessage).toMatch(/x-click/);
  });
});
