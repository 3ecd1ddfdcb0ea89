import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';

export const RESULTS_FILE = join(__dirname, '..', 'results', 'latest.json');

// Merged by scenario name: running one scenario keeps the others' last figures.
export function saveResult(name: string, result: Record<string, unknown>): void {
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
  } catch {
    // first run, or an unreadable file: start over
  }
  all[name] = { measuredAt: new Date().toISOString(), machine: machine(), ...result };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`);
}

function machine() {
  const cores = cpus();
  return { cpus: cores.length, cpuModel: cores[0]?.model ?? 'unknown', node: process.version };
}
