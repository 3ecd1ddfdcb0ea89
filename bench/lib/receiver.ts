import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Arrival {
  // Request target as sent (path + query).
  target: string;
  idempotencyKey: string;
  // performance.now() in the bench process, comparable with the send times recorded there.
  at: number;
}

// The publishers' tracker: a plain node:http server in the bench process that answers 200 at
// once and counts what arrives, by Idempotency-Key (a key seen twice is a duplicate delivery).
export class BenchReceiver {
  private server!: Server;
  private readonly seen = new Map<string, number>();
  private waiters: (() => void)[] = [];
  received = 0;
  duplicates = 0;
  firstAt: number | null = null;
  lastAt: number | null = null;
  // Arrivals per whole second since the first one: the delivery rate over time.
  perSecond: number[] = [];
  onArrival: ((arrival: Arrival) => void) | null = null;

  static async start(): Promise<BenchReceiver> {
    const receiver = new BenchReceiver();
    receiver.server = createServer((req, res) => receiver.handle(req, res));
    receiver.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  keys(): IterableIterator<string> {
    return this.seen.keys();
  }

  // Forgets everything received so far (between a baseline and the measured run).
  reset(): void {
    this.seen.clear();
    this.received = 0;
    this.duplicates = 0;
    this.firstAt = this.lastAt = null;
    this.perSecond = [];
    this.onArrival = null;
  }

  // Resolves once `count` requests arrived in all; rejects after `timeoutMs` saying how many did.
  async waitForCount(count: number, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.received < count) {
      const left = deadline - performance.now();
      if (left <= 0)
        throw new Error(`receiver: ${this.received}/${count} requests after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.min(left, 200));
      });
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const at = performance.now();
    const key = String(req.headers['idempotency-key'] ?? '');
    const times = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, times);
    if (times > 1) this.duplicates++;
    this.received++;
    this.firstAt ??= at;
    this.lastAt = at;
    const second = Math.floor((at - this.firstAt) / 1000);
    this.perSecond[second] = (this.perSecond[second] ?? 0) + 1;
    this.onArrival?.({ target: req.url ?? '', idempotencyKey: key, at });
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('OK');
    req.resume();
    if (this.waiters.length > 0) for (const wake of this.waiters.splice(0)) wake();
  }
}
