// Builds the console (dist/web) when it is missing or older than its sources, so `npm test` on
// a fresh checkout has the files the browser tests open. Run by `pretest` and `pretest:e2e`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const BUILT = join(ROOT, 'dist/web/index.html');
// The console's sources: its own folder, and the server's macro catalogue it imports.
const SOURCES = [join(ROOT, 'web'), join(ROOT, 'src/postbacks/templates/macros.ts')];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((entry) => newestChange(join(path, entry))),
  );
}

function builtAt(): number {
  try {
    return statSync(BUILT).mtimeMs;
  } catch {
    return 0;
  }
}

const newest = Math.max(...SOURCES.map(newestChange));
if (builtAt() >= newest) process.exit(0);
console.log('The console is missing or older than its sources: npm run build:web');
const result = spawnSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
process.exit(result.status ?? 1);
