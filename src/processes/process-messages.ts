import type { MetricObjectWithValues, MetricValue } from 'prom-client';

// What the `all` process and its worker processes say to each other over the IPC channel.
export type WorkerMetrics = MetricObjectWithValues<MetricValue<string>>[];

export type ToWorker = { type: 'metrics'; id: number };

export type FromWorker =
  { type: 'ready' } | { type: 'metrics'; id: number; metrics: WorkerMetrics };

// Marks a worker process started by an `all` process (it serves no HTTP and talks over IPC).
export const SUPERVISED_ENV = 'PM_SUPERVISED_WORKER';

export function isMessage<T extends { type: string }>(value: unknown): value is T {
  return typeof value === 'object' && value !== null && typeof (value as T).type === 'string';
}
