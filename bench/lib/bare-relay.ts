import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { terminate } from './app-process';

// The floor for the delivery scenarios: a bare Node process that takes the advertiser's GET,
// answers OK and at once fires `fanout` GETs to the receiver with undici (the app's client):
// HTTP in, HTTP out, no framework, no database, no queue.
const SOURCE = `
const http = require('node:http');
const { Agent, request } = require('undici');
const target = process.env.RELAY_TARGET;
const fanout = Number(process.env.RELAY_FANOUT);
const agent = new Agent({
  connections: Number(process.env.RELAY_CONNECTIONS),
  pipelining: 1,
  keepAliveTimeout: 30000,
});
const server = http.createServer((req, res) => {
  const tid = new URL(req.url, 'http://localhost').searchParams.get('clickid') || '';
  for (let i = 0; i < fanout; i++) {
    request(target + '/' + i + '?tid=' + encodeURIComponent(tid), {
      dispatcher: agent,
      headers: { 'idempotency-key': tid + '-' + i, 'user-agent': 'bare-relay' },
    }).then((r) => r.body.dump(), (e) => console.error(String(e)));
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  res.end('OK');
});
server.keepAliveTimeout = 72000;
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
`;

export interface BareRelay {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startBareRelay(options: {
  target: string;
  fanout: number;
  connections: number;
}): Promise<BareRelay> {
  const child = spawn(process.execPath, ['-e', SOURCE], {
    // undici resolves from the project's node_modules.
    cwd: join(__dirname, '..', '..'),
    env: {
      ...process.env,
      RELAY_TARGET: options.target,
      RELAY_FANOUT: String(options.fanout),
      RELAY_CONNECTIONS: String(options.connections),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare relay exited (${code})`)));
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => terminate(child) };
}
