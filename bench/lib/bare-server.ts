import { spawn } from 'node:child_process';
import { terminate } from './app-process';

// The floor to compare with: a bare Node `http` server answering the same kind of 302 (parse
// the query, draw a random id, build the Location) with no framework and no database.
const SOURCE = `
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const server = http.createServer((req, res) => {
  const query = new URL(req.url, 'http://localhost').searchParams;
  const id = randomBytes(22).toString('base64url');
  const location = 'https://adv.example/lp?click=' + id + '&pub=' + encodeURIComponent(query.get('aff_id') || '');
  res.writeHead(302, { location, 'cache-control': 'no-store', 'content-length': '0' });
  res.end();
});
server.keepAliveTimeout = 72000;
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
`;

export interface BareServer {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startBareServer(): Promise<BareServer> {
  const child = spawn(process.execPath, ['-e', SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => terminate(child) };
}
