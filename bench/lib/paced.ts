import { Client } from 'undici';
import { round } from './load';

export interface PacedOptions {
  url: string;
  rate: number;
  durationSeconds: number;
  connections: number;
  // Leading seconds whose latencies are not recorded (connections opening, JIT warming up).
  warmupSeconds?: number;
  onLocation?: (location: string) => void;
  // Request n's path (n counts from 0, warm-up included); absent = the path of `url` every time.
  pathFor?: (n: number) => string;
  // Called as request n leaves (performance.now(), and when it was due to), and when its answer
  // is complete.
  onSent?: (n: number, sentAt: number, plannedAt: number) => void;
  onAnswer?: (n: number, statusCode: number, body: string) => void;
}

export interface PacedSummary {
  targetRate: number;
  requestsPerSecond: number;
  // Answers measured (after the warm-up); statusCounts covers every request.
  responses: number;
  statusCounts: Record<string, number>;
  errors: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

// Open-loop load at an even pace (one request every 1000/rate ms), unlike autocannon's rate
// limit, which fires each connection's share at the start of every second. Latency counts from
// the planned send time, so a stall is not hidden by requests that were sent late.
export async function runPaced(options: PacedOptions): Promise<PacedSummary> {
  const url = new URL(options.url);
  const path = `${url.pathname}${url.search}`;
  const connections = new Connections(url.origin, options.connections);
  const warmup = options.warmupSeconds ?? 0;
  const total = Math.round(options.rate * (options.durationSeconds + warmup));
  const recordFrom = Math.round(options.rate * warmup);
  const spacing = 1000 / options.rate;
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  const inFlight: Promise<void>[] = [];

  const fire = async (n: number, plannedAt: number) => {
    const connection = connections.take();
    try {
      const sending = connection.request({ method: 'GET', path: options.pathFor?.(n) ?? path });
      options.onSent?.(n, performance.now(), plannedAt);
      const response = await sending;
      if (options.onAnswer) options.onAnswer(n, response.statusCode, await response.body.text());
      else await response.body.dump();
      if (n >= recordFrom) latencies.push(performance.now() - plannedAt);
      statusCounts[response.statusCode] = (statusCounts[response.statusCode] ?? 0) + 1;
      const location = response.headers.location;
      if (typeof location === 'string') options.onLocation?.(location);
    } catch {
      errors++;
    } finally {
      connections.give(connection);
    }
  };

  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / spacing) + 1);
      for (; sent < due; sent++) inFlight.push(fire(sent, start + sent * spacing));
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + sent * spacing - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000 - warmup;
  await connections.close();

  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return {
    targetRate: options.rate,
    requestsPerSecond: round(latencies.length / elapsed),
    responses: latencies.length,
    statusCounts,
    errors,
    latencyMs: {
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      max: round(latencies[latencies.length - 1] ?? 0),
      mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    },
  };
}

// The senders' connections, as visitors' would be: a request goes out on an idle connection, or
// on a new one while fewer than `max` are open, and queues behind another only beyond that.
// undici's Pool queues requests on a connection still being opened, so a sudden start would
// open its connections one after another and send late: the sender's delay, not the service's.
class Connections {
  private readonly open: Client[] = [];
  private readonly idle: Client[] = [];
  private readonly inFlight = new Map<Client, number>();
  private turn = 0;

  constructor(
    private readonly origin: string,
    private readonly max: number,
  ) {}

  take(): Client {
    let client = this.idle.pop();
    if (!client && this.open.length < this.max) {
      client = new Client(this.origin, { pipelining: 1 });
      this.open.push(client);
    }
    client ??= this.open[this.turn++ % this.open.length];
    this.inFlight.set(client, (this.inFlight.get(client) ?? 0) + 1);
    return client;
  }

  give(client: Client): void {
    const left = this.inFlight.get(client)! - 1;
    this.inFlight.set(client, left);
    if (left === 0) this.idle.push(client);
  }

  async close(): Promise<void> {
    await Promise.all(this.open.map((client) => client.close()));
  }
}
