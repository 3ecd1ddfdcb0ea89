import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

export const CONSOLE_PATH = '/app/';

// The built console is dist/web at the repository root. This file runs from <root>/src/console
// (ts-node, ts-jest) or from <root>/dist/src/console (the build).
const runRoot = resolve(__dirname, '../..');
export const CONSOLE_DIR =
  basename(runRoot) === 'dist' ? join(runRoot, 'web') : join(runRoot, 'dist', 'web');

export const NOT_BUILT_MESSAGE =
  'The console has not been built. Run `npm run build` (or `npm run build:web`), then reload.\n';

// The page's own rules: scripts and data from this origin only (Mantine sets inline styles),
// never framed by another site, and invite tokens in the path never sent on as a Referer.
const PAGE_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
    "form-action 'self'; frame-ancestors 'self'",
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

// The console (SPEC §11) at /app/: hashed assets cached for good, index.html for every other
// path under /app/ (the app routes in the browser), `/` sent there. Routes of their own in a
// plugin scope: no hook runs for any other request, so /click and /postback/:key pay nothing.
export async function mountConsole(fastify: FastifyInstance, dir = CONSOLE_DIR): Promise<void> {
  const assets = join(dir, 'assets');
  await fastify.register(async (scope) => {
    // Registered even before a build exists, so assets built after start are served; a missing
    // file is the app's 404, never the page (a script answered with HTML breaks the console).
    await scope.register(fastifyStatic, {
      root: assets,
      prefix: `${CONSOLE_PATH}assets/`,
      decorateReply: false,
      index: false,
      suppressWarning: true,
      // File names carry a content hash: a changed file is a new URL.
      maxAge: '365d',
      immutable: true,
    });
    const page = (_request: unknown, reply: FastifyReply) => sendPage(reply, dir);
    const toConsole = (_request: unknown, reply: FastifyReply) => reply.redirect(CONSOLE_PATH, 302);
    scope.get('/', toConsole);
    scope.get('/app', toConsole);
    scope.get(CONSOLE_PATH, page);
    scope.get(`${CONSOLE_PATH}*`, page);
  });
}

// Read on each request: small, rarely asked for, and a rebuild shows without a restart.
async function sendPage(reply: FastifyReply, dir: string): Promise<FastifyReply> {
  let html: Buffer;
  try {
    html = await readFile(join(dir, 'index.html'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return reply
      .code(503)
      .header('cache-control', 'no-store')
      .type('text/plain; charset=utf-8')
      .send(NOT_BUILT_MESSAGE);
  }
  return reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html);
}
