import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_FILE, saveResult } from './lib/results';
import type { BenchScenario } from './lib/scenario';

// `npm run bench -- [scenario ...]`: every file in bench/ that exports `scenario` is one;
// without arguments all of them run. Adding one = adding a file (latency.ts, fanout.ts, …).
async function discover(): Promise<BenchScenario[]> {
  const files = readdirSync(__dirname)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !/^index\./.test(f))
    .sort();
  const scenarios: BenchScenario[] = [];
  for (const file of files) {
    const loaded: { scenario?: BenchScenario } = await import(join(__dirname, file));
    if (loaded.scenario) scenarios.push(loaded.scenario);
  }
  return scenarios;
}

async function main(): Promise<void> {
  const available = await discover();
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  if (wanted.includes('--list') || wanted.includes('--help')) {
    for (const s of available) console.log(`${s.name.padEnd(12)} ${s.description}`);
    return;
  }
  const unknown = wanted.filter((name) => !available.some((s) => s.name === name));
  if (unknown.length > 0) {
    const names = available.map((s) => s.name).join(', ');
    throw new Error(`unknown scenario ${unknown.join(', ')}; available: ${names}`);
  }
  const selected = wanted.length ? available.filter((s) => wanted.includes(s.name)) : available;
  for (const s of selected) {
    console.log(`\n=== ${s.name}: ${s.description}`);
    const result = await s.run();
    saveResult(s.name, result);
    console.log(`${s.name}: results written to ${RESULTS_FILE}`);
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
