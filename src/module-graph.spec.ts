import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Infrastructure only may be global; feature modules import what they use. A Nest module cycle
// would also be a file cycle, which `npm run lint:cycles` (madge) fails on.
const GLOBAL_MODULES = ['config/config.module.ts', 'metrics/metrics.module.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('module graph', () => {
  const files = sourceFiles(__dirname).map((path) => ({
    path: relative(__dirname, path).split('\\').join('/'),
    text: readFileSync(path, 'utf8'),
  }));

  it('has only the infrastructure modules global', () => {
    const global = files.filter((f) => f.text.includes('@Global()')).map((f) => f.path);
    expect(global.sort()).toEqual(GLOBAL_MODULES);
  });

  it('needs no forwardRef', () => {
    expect(files.filter((f) => /\bforwardRef\b/.test(f.text)).map((f) => f.path)).toEqual([]);
  });
});
