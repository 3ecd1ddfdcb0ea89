import { cpus, loadavg } from 'node:os';
import { round } from './load';

export interface Distribution {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

// Nearest-rank percentiles of raw samples (milliseconds), rounded to 0.1.
export function distribution(samples: number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
    max: round(sorted[sorted.length - 1] ?? 0),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
  };
}

export function describeDistribution(label: string, d: Distribution): string {
  return (
    `${label.padEnd(30)} p50 ${d.p50} ms   p95 ${d.p95} ms   p99 ${d.p99} ms   ` +
    `max ${d.max} ms   (${d.count} samples)`
  );
}

// Other work on the machine skews every figure: the load average says how much there was.
export function machineLine(): string {
  const [one, five] = loadavg();
  return (
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ` +
    `load average ${round(one, 2)} (1 min) ${round(five, 2)} (5 min)`
  );
}

export const loadAverageNow = () => round(loadavg()[0], 2);

// Distributions of samples grouped by the second they were due in (index 0 = the first second).
export function bySecond(samples: { second: number; ms: number }[]): Distribution[] {
  const groups: number[][] = [];
  for (const { second, ms } of samples) (groups[second] ??= []).push(ms);
  return Array.from(groups, (group) => distribution(group ?? []));
}

// "second 1: p50/p99 ms · second 2: …": where in the run the slow requests were.
export function describeBySecond(label: string, seconds: Distribution[]): string {
  const cells = seconds.map((d, s) => `${s + 1}: ${d.p50}/${d.p99}`);
  return `${label} p50/p99 ms by second — ${cells.join(' · ')}`;
}
