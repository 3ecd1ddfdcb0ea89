import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  // The request target exactly as sent on the request line (path + query, undecoded).
  target: string;
  headers: IncomingMessage['headers'];
  body: string;
  receivedAt: number;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
  // Holds the response until this settles: the test decides when the sender hears back.
  until?: Promise<unknown>;
}

// A real HTTP receiver on loopback that records every request and answers from a script:
// responses queued per path prefix are used in order, then the default (200 OK).
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  // Requests whose sender went away (connection closed) before they were answered.
  readonly abandoned: ReceivedRequest[] = [];
  // Requests arrived and not yet answered or abandoned, and the most there were at once.
  inFlight = 0;
  maxInFlight = 0;
  private readonly scripts = new Map<string, ScriptedResponse[]>();
  private readonly defaults = new Map<string, () => ScriptedResponse>();
  private server!: Server;
  private waiters: (() => void)[] = [];

  static async start(): Promise<Receiver> {
    const receiver = new Receiver();
    receiver.server = createServer((req, res) => void receiver.handle(req, res));
    receiver.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  // Queue responses for requests whose path starts with `prefix`.
  script(prefix: string, ...responses: ScriptedResponse[]): void {
    this.scripts.set(prefix, [...(this.scripts.get(prefix) ?? []), ...responses]);
  }

  // How requests to `prefix` are answered once its script is used up (e.g. slowly).
  always(prefix: string, response: () => ScriptedResponse): void {
    this.defaults.set(prefix, response);
  }

  to(prefix: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.target.startsWith(prefix));
  }

  // Resolves once `count` requests to `prefix` arrived; fails after `timeoutMs`.
  async waitFor(prefix: string, count = 1, timeoutMs = 20_000): Promise<ReceivedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(prefix).length < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `receiver: ${this.to(prefix).length}/${count} requests to ${prefix} after ${timeoutMs} ms`,
        );
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.to(prefix);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    let settled = false;
    // Set once the body is read: a request cut before that was never received.
    const arrival: { request?: ReceivedRequest } = {};
    const settle = () => {
      if (settled) return false;
      settled = true;
      this.inFlight--;
      return true;
    };
    res.once('close', () => {
      if (settle() && arrival.request) this.abandoned.push(arrival.request);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = req.url ?? '';
    const prefix = longestPrefix(this.scripts.keys(), target);
    const always = longestPrefix(this.defaults.keys(), target);
    const scripted =
      (prefix ? this.scripts.get(prefix)!.shift() : undefined) ??
      (always ? this.defaults.get(always)!() : undefined);
    const received: ReceivedRequest = {
      method: req.method ?? '',
      target,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      receivedAt: Date.now(),
    };
    arrival.request = received;
    this.requests.push(received);
    for (const wake of this.waiters.splice(0)) wake();
    if (scripted?.delayMs) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    if (scripted?.until) await scripted.until;
    // Counted out before the answer is written, so before the sender can send another.
    if (res.destroyed || !settle()) return;
    res.writeHead(scripted?.status ?? 200, { 'content-type': 'text/plain', ...scripted?.headers });
    res.end(scripted?.body ?? 'OK');
  }
}

function longestPrefix(prefixes: Iterable<string>, target: string): string | undefined {
  return [...prefixes].filter((p) => target.startsWith(p)).sort((a, b) => b.length - a.length)[0];
}

// Polls until `check` returns a value (not undefined/false); fails after `timeoutMs`.
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
