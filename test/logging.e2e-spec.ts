import {
  AppProcess,
  killAllProcesses,
  ServiceBacking,
  withProcessLogs,
} from './helpers/app-process';
import { createProcessNetwork } from './helpers/process-fixtures';
import { eventually } from './helpers/receiver';
import { clickPath } from './helpers/tracking-fixtures';

// The service as a real process writes one log shape (pino JSON in production), ties every line
// of a request to its X-Request-Id, keeps the tracking hot paths out of the access log, and a
// worker answers its probes over HTTP.

const TEST_MS = 120_000;

interface LogLine {
  level: string;
  time: string;
  msg: string;
  reqId?: string;
  context?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  [field: string]: unknown;
}

let cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  await killAllProcesses();
  for (const undo of cleanups.reverse()) await undo();
  cleanups = [];
});

async function backing(): Promise<ServiceBacking> {
  const b = await ServiceBacking.create();
  cleanups.push(() => b.dispose());
  return b;
}

function lines(app: AppProcess): string[] {
  return app.output.split('\n').filter((line) => line !== '');
}

function logLines(app: AppProcess): LogLine[] {
  return lines(app).map((line) => JSON.parse(line) as LogLine);
}

// Lines are written as requests finish; a later request's access line is the signal that every
// line of the requests answered before it has been written.
async function waitForLine(
  app: AppProcess,
  what: string,
  match: (line: LogLine) => boolean,
): Promise<LogLine> {
  return eventually(async () => logLines(app).find(match), 20_000, what);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Logs and request ids (e2e)', () => {
  it(
    'in production every line is pino JSON; request lines carry the request id; /click writes none',
    withProcessLogs(async () => {
      const b = await backing();
      const app = await AppProcess.start(
        b.env({ ROLE: 'all', NODE_ENV: 'production', LOG_LEVEL: 'info' }),
        { name: 'api' },
      );
      const network = await createProcessNetwork(app);

      // A caller's id is echoed, and the lines of its request carry it: the access line, and
      // the one the service writes through Nest's Logger while handling it.
      const retry = await app.post(
        '/api/postback-logs/retry',
        {},
        { headers: { 'x-request-id': 'test-req-42' } },
      );
      expect(retry.status).toBe(200);
      expect(retry.headers['x-request-id']).toBe('test-req-42');
      const access = await waitForLine(app, 'the access line of test-req-42', (line) =>
        line.msg.startsWith('POST /api/postback-logs/retry'),
      );
      expect(access).toMatchObject({
        level: 'info',
        reqId: 'test-req-42',
        req: { method: 'POST', url: '/api/postback-logs/retry', remoteAddress: '127.0.0.1' },
        res: { statusCode: 200 },
      });
      const serviceLine = logLines(app).find((line) => line.event === 'bulk_retry');
      expect(serviceLine).toMatchObject({ context: 'BulkRetry', reqId: 'test-req-42' });
      // Headers (the admin key among them) never reach the log.
      expect(app.output).not.toContain(app.adminKey);

      // Without one (or with one that is not sane) the service makes a UUID and uses it alike.
      const unusable: Record<string, string>[] = [{}, { 'x-request-id': 'not sane!' }];
      for (const headers of unusable) {
        const made = await app.get('/api/offers', { headers });
        const id = String(made.headers['x-request-id']);
        expect(id).toMatch(UUID);
        await waitForLine(app, `the access line of ${id}`, (line) => line.reqId === id);
      }

      // The hot path: answered, the id echoed, and not one line about it.
      const click = await app.get(
        clickPath({ offerId: network.offer.id, publisherId: network.publisher.id }),
        { headers: { 'x-request-id': 'test-click-1' } },
      );
      expect(click.status).toBe(302);
      expect(click.headers['x-request-id']).toBe('test-click-1');
      const after = await app.get('/health', { headers: { 'x-request-id': 'after-click' } });
      expect(after.status).toBe(200);
      await waitForLine(app, 'the access line after the click', (l) => l.reqId === 'after-click');
      expect(app.output).not.toContain('test-click-1');
      expect(logLines(app).filter((line) => line.req?.url.startsWith('/click'))).toEqual([]);

      // Every line, from the first bootstrap line to the last shutdown line, is one JSON object.
      expect(await app.stop()).toEqual({ code: 0, signal: null });
      const all = lines(app);
      expect(all.length).toBeGreaterThan(10);
      for (const text of all) {
        let line: LogLine;
        try {
          line = JSON.parse(text);
        } catch {
          throw new Error(`not a JSON line: ${text}`);
        }
        expect(typeof line).toBe('object');
        expect(typeof line.level).toBe('string');
        expect(Number.isNaN(Date.parse(line.time))).toBe(false);
        expect(typeof line.msg).toBe('string');
      }
      const messages = logLines(app).map((line) => line.msg);
      expect(messages).toEqual(
        expect.arrayContaining([
          'Nest application successfully started',
          expect.stringMatching(/^Listening on /),
          'SIGTERM: shutting down',
        ]),
      );
    }, TEST_MS),
    TEST_MS + 30_000,
  );

  it(
    'LOG_HOT_PATHS=true logs the hot paths too, with their request id and never a postback key',
    withProcessLogs(async () => {
      const b = await backing();
      const app = await AppProcess.start(
        b.env({ ROLE: 'api', LOG_FORMAT: 'json', LOG_LEVEL: 'info', LOG_HOT_PATHS: 'true' }),
        { name: 'api' },
      );
      const network = await createProcessNetwork(app);
      const click = await app.get(
        clickPath({ offerId: network.offer.id, publisherId: network.publisher.id }),
        { headers: { 'x-request-id': 'test-click-2' } },
      );
      expect(click.status).toBe(302);
      const clickLine = await waitForLine(app, 'the click line', (l) => l.reqId === 'test-click-2');
      expect(clickLine).toMatchObject({ req: { method: 'GET' }, res: { statusCode: 302 } });
      expect(clickLine.req!.url).toMatch(/^\/click\?offer_id=/);

      const key = network.advertiser.postbackKey as string;
      const intake = await app.get(`/postback/${key}?transaction_id=nope`, {
        key: null,
        headers: { 'x-request-id': 'test-intake-1' },
      });
      expect(intake.headers['x-request-id']).toBe('test-intake-1');
      const intakeLine = await waitForLine(
        app,
        'the intake line',
        (l) => l.reqId === 'test-intake-1',
      );
      expect(intakeLine.req!.url).toBe('/postback/[key]?transaction_id=nope');
      expect(app.output).not.toContain(key);
    }, TEST_MS),
    TEST_MS + 30_000,
  );
});

describe('A worker over HTTP (e2e)', () => {
  it(
    'answers /health, /health/ready and /metrics, and 404 for everything else',
    withProcessLogs(async () => {
      const b = await backing();
      // Ready means GET /health answered: the worker listens on PORT.
      const worker = await AppProcess.start(b.env({ ROLE: 'worker' }), { name: 'worker' });
      expect((await worker.get('/health', { key: null })).body).toEqual({ status: 'ok' });

      const ready = await worker.get('/health/ready', { key: null });
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({
        status: 'ok',
        checks: { postgres: { ok: true }, redis: { ok: true } },
      });

      const metrics = await worker.get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
      expect(metrics.text).toMatch(/^# HELP postback_deliveries_total /m);
      // Scraping still takes the admin key, as on the API.
      expect((await worker.get('/metrics', { key: null })).status).toBe(401);

      for (const path of ['/api/offers', '/click?offer_id=1&aff_id=1', '/docs-json']) {
        const res = await worker.get(path);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ statusCode: 404, error: 'not_found' });
        expect(res.headers['x-request-id']).toBeDefined();
      }
      expect((await worker.post('/postback/anything', {}, { key: null })).status).toBe(404);
    }, TEST_MS),
    TEST_MS + 30_000,
  );
});
