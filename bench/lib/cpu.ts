import { readdirSync, readFileSync } from 'node:fs';
import { round } from './load';

// CPU seconds used during a phase by the service processes, PostgreSQL, Redis and the bench
// itself, read from /proc (Linux only; elsewhere the figures are left out). On a 2-core
// machine it shows which of them the run was waiting for.
export interface CpuUse {
  seconds: number;
  // Seconds of the phase's wall time: 1.0 = one core busy the whole phase.
  service: number;
  postgres: number;
  redis: number;
  bench: number;
}

type Ticks = { service: number; postgres: number; redis: number; bench: number };
const TICKS_PER_SECOND = 100;

function ticksOf(pid: number | string): number {
  try {
    // Fields after the command (which may hold spaces) are space-separated: utime stime at 11, 12.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function parentOf(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

function commandOf(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function sample(servicePids: number[]): Ticks | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  const ticks: Ticks = { service: 0, postgres: 0, redis: 0, bench: ticksOf(process.pid) };
  for (const pid of servicePids) ticks.service += ticksOf(pid);
  for (const pid of pids) {
    // ROLE=all's worker processes are the service's children.
    if (servicePids.includes(parentOf(pid))) ticks.service += ticksOf(pid);
    const command = commandOf(pid);
    if (command === 'postgres') ticks.postgres += ticksOf(pid);
    else if (command.startsWith('redis-server')) ticks.redis += ticksOf(pid);
  }
  return ticks;
}

// Starts measuring; the returned function ends the phase. PostgreSQL backends that exit during
// the phase take their ticks with them, so its figure is a lower bound.
export function measureCpu(servicePids: number[]): () => CpuUse | null {
  const started = performance.now();
  const before = sample(servicePids);
  return () => {
    const after = sample(servicePids);
    if (!before || !after) return null;
    const seconds = (performance.now() - started) / 1000;
    const use = (key: keyof Ticks) =>
      round(Math.max(0, after[key] - before[key]) / TICKS_PER_SECOND / seconds, 2);
    return {
      seconds: round(seconds, 2),
      service: use('service'),
      postgres: use('postgres'),
      redis: use('redis'),
      bench: use('bench'),
    };
  };
}

export function describeCpu(use: CpuUse | null): string {
  if (!use) return 'cpu: not available on this platform';
  return (
    `cpu (cores busy over ${use.seconds} s): service ${use.service}, postgres ${use.postgres}, ` +
    `redis ${use.redis}, bench ${use.bench}`
  );
}

// CPU milliseconds per unit of work (a delivery, a conversion): steadier than rates when other
// work on the machine takes cores away.
export function cpuMsPer(use: CpuUse | null, count: number) {
  if (!use || count === 0) return null;
  const ms = (share: number) => round((share * use.seconds * 1000) / count, 2);
  return {
    service: ms(use.service),
    postgres: ms(use.postgres),
    redis: ms(use.redis),
    total: ms(use.service + use.postgres + use.redis),
  };
}
