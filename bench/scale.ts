import { startApp } from './lib/app-process';
import { round } from './lib/load';
import { serviceSettings } from './lib/network';
import { BenchReceiver } from './lib/receiver';
import { BenchScenario, envInt } from './lib/scenario';
import { loadAverageNow, machineLine } from './lib/stats';
import { measureApp } from './throughput';

// Worker processes per run: the same deliveries with one, then with two (issue #21).
const WORKER_COUNTS = [1, 2];

export const scenario: BenchScenario = {
  name: 'scale',
  description:
    'the throughput run (click postbacks queued while paused, then resumed) with one API and ' +
    'one, then two ROLE=worker processes: deliveries/s of each and their ratio',
  run: runScale,
};

async function runScale(): Promise<Record<string, unknown>> {
  const total = envInt('BENCH_SCALE_DELIVERIES', 20_000);
  const timeoutSeconds = envInt('BENCH_SCALE_TIMEOUT', 300);
  const loadAverageAtStart = loadAverageNow();
  console.log(machineLine());
  console.log(`scale: ${JSON.stringify({ total, timeoutSeconds, ...serviceSettings() })}`);
  // One tracker for every run: the per-origin limit now holds across the workers (SPEC §8).
  const receiver = await BenchReceiver.start();
  const runs: Record<string, unknown>[] = [];
  try {
    for (const workers of WORKER_COUNTS) {
      receiver.reset();
      const env = { POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' };
      const app = await startApp({ ...env, ROLE: 'api' });
      try {
        for (let i = 0; i < workers; i++) await app.addProcess({ ...env, ROLE: 'worker' });
        const measured = await measureApp(app, receiver, total, timeoutSeconds);
        console.log(`scale: ${workers} worker process(es): ${measured.deliveriesPerSecond}/s`);
        runs.push({ workers, role: app.role, ...measured });
      } finally {
        await app.stop();
      }
    }
  } finally {
    await receiver.stop();
  }
  const [one, two] = runs.map((r) => r.deliveriesPerSecond as number);
  const ratio = round(two / one, 2);
  console.log(
    `scale: 1 worker ${one}/s, 2 workers ${two}/s, ratio ${ratio} ` +
      `(every process, PostgreSQL, Redis and the receiver share this machine's cores)`,
  );
  return {
    settings: { total, timeoutSeconds, ...serviceSettings() },
    loadAverageAtStart,
    loadAverageAtEnd: loadAverageNow(),
    deliveriesPerSecond: { oneWorker: one, twoWorkers: two },
    ratio,
    runs,
  };
}
