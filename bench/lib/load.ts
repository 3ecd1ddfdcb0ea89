import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  // Exactly this many requests, then stop (durationSeconds is then ignored).
  amount?: number;
  // Requests per second over all connections; absent = as fast as the server answers.
  overallRate?: number;
  // Sees the Location of every complete answer (not those cut off when the run stops).
  onLocation?: (location: string) => void;
}

export interface LoadSummary {
  durationSeconds: number;
  requestsPerSecond: number;
  responses: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
}

export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const url = new URL(options.url);
  const onLocation = options.onLocation;
  const result = await autocannon({
    url: url.origin,
    connections: options.connections,
    duration: options.durationSeconds,
    amount: options.amount,
    overallRate: options.overallRate,
    timeout: 10,
    requests: [
      {
        method: 'GET',
        path: `${url.pathname}${url.search}`,
        onResponse: onLocation
          ? (_status, _body, _context, headers) => {
              const location = headers.location;
              if (typeof location === 'string') onLocation(location);
            }
          : undefined,
      },
    ],
  });
  const statusCounts: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats))
    statusCounts[code] = stats.count;
  const responses = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    durationSeconds: result.duration,
    requestsPerSecond: round(responses / result.duration),
    responses,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round(result.latency.mean),
    },
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function describeLoad(label: string, s: LoadSummary): string {
  return (
    `${label.padEnd(22)} ${String(Math.round(s.requestsPerSecond)).padStart(7)} req/s   ` +
    `p50 ${s.latencyMs.p50} ms   p99 ${s.latencyMs.p99} ms   max ${s.latencyMs.max} ms   ` +
    `(${s.responses} answers, ${s.errors} errors, ${s.timeouts} timeouts)`
  );
}
