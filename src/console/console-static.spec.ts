import Fastify, { FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSOLE_DIR, mountConsole, NOT_BUILT_MESSAGE } from './console-static';

const INDEX = '<!doctype html><title>console</title><div id="root"></div>';

describe('console static files', () => {
  let dir: string;
  let app: FastifyInstance;

  async function serve(files: Record<string, string>): Promise<void> {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    // As the application runs (src/http-app.ts): no implicit HEAD routes.
    app = Fastify({ exposeHeadRoutes: false });
    await mountConsole(app, dir);
    app.get('/click', async () => 'clicked');
    await app.ready();
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pm-console-'));
  });

  afterEach(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is looked for in dist/web at the repository root', () => {
    expect(CONSOLE_DIR).toBe(join(__dirname, '..', '..', 'dist', 'web'));
  });

  describe('when built', () => {
    beforeEach(() => serve({ 'index.html': INDEX, 'assets/index-Ab12Cd.js': 'console.log(1)' }));

    it('serves hashed assets cached for a year, immutable', async () => {
      const res = await app.inject('/app/assets/index-Ab12Cd.js');
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('console.log(1)');
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    });

    it('answers index.html, revalidated each time, at /app/ and on every client route', async () => {
      for (const path of ['/app/', '/app/rules/12', '/app/invite/abc?x=1', '/app/sign-in']) {
        const res = await app.inject(path);
        expect([path, res.statusCode, res.body]).toEqual([path, 200, INDEX]);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['referrer-policy']).toBe('same-origin');
      }
    });

    it('sends / and /app to /app/', async () => {
      for (const path of ['/', '/app']) {
        const res = await app.inject(path);
        expect([res.statusCode, res.headers.location]).toEqual([302, '/app/']);
      }
    });

    it('answers 404 for an asset that does not exist, not the page', async () => {
      const res = await app.inject('/app/assets/missing-123.js');
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('<title>');
    });

    it('adds no hook to other routes (the tracking hot paths)', async () => {
      // Each route's line would be followed by a `• (hook)` line per hook that runs for it.
      const routes = app.printRoutes({ includeHooks: true });
      expect(routes).toContain('click (GET)');
      expect(routes).not.toContain('•');
      expect((await app.inject('/click')).body).toBe('clicked');
    });
  });

  describe('when not built', () => {
    beforeEach(() => serve({}));

    it('says how to build it on the page; an asset is 404', async () => {
      for (const path of ['/app/', '/app/rules']) {
        const res = await app.inject(path);
        expect([path, res.statusCode, res.body]).toEqual([path, 503, NOT_BUILT_MESSAGE]);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      }
      expect(NOT_BUILT_MESSAGE).toContain('npm run build');
      expect((await app.inject('/app/assets/index-Ab12Cd.js')).statusCode).toBe(404);
    });

    it('serves a build made after start: its assets, and 404 (not the page) for a missing one', async () => {
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'index.html'), INDEX);
      writeFileSync(join(dir, 'assets', 'index-Ef34Gh.js'), 'console.log(2)');
      const asset = await app.inject('/app/assets/index-Ef34Gh.js');
      expect([asset.statusCode, asset.body]).toEqual([200, 'console.log(2)']);
      expect(asset.headers['content-type']).toMatch(/javascript/);
      const missing = await app.inject('/app/assets/missing-456.js');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).not.toMatch(/html/);
      expect((await app.inject('/app/rules')).body).toBe(INDEX);
    });
  });
});
