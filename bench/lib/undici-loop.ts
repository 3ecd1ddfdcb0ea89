import { spawn } from 'node:child_process';
import { join } from 'node:path';

// The throughput floor: `total` GETs to the receiver from a separate Node process (as the
// service is one), `concurrency` loops sharing one undici Agent, no queue and no database.
const SOURCE = `
const { Agent, request } = require('undici');
const [target, total, concurrency, connections] = process.argv.slice(1);
const agent = new Agent({
  connections: Number(connections),
  pipelining: 1,
  keepAliveTimeout: 30000,
});
let next = 0;
let failed = 0;
async function loop() {
  while (next < Number(total)) {
    const i = next++;
    try {
      const r = await request(target + '?i=' + i, {
        dispatcher: agent,
        headers: { 'idempotency-key': 'baseline-' + i, 'user-agent': 'undici-loop' },
      });
      await r.body.text();
      if (r.statusCode !== 200) failed++;
    } catch {
      failed++;
    }
  }
}
const started = performance.now();
Promise.all(Array.from({ length: Number(concurrency) }, loop)).then(async () => {
  const elapsedMs = performance.now() - started;
  await agent.close();
  console.log(JSON.stringify({ elapsedMs, failed }));
});
`;

export interface UndiciLoopResult {
  elapsedMs: number;
  failed: number;
}

export function runUndiciLoop(options: {
  target: string;
  total: number;
  concurrency: number;
  connections: number;
}): Promise<UndiciLoopResult> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      SOURCE,
      options.target,
      String(options.total),
      String(options.concurrency),
      String(options.connections),
    ],
    { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`undici loop exited (${code})`));
      try {
        resolve(JSON.parse(output.trim()) as UndiciLoopResult);
      } catch {
        reject(new Error(`undici loop printed no result: ${output}`));
      }
    });
  });
}
