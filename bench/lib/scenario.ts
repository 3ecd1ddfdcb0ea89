// A benchmark scenario: a file in bench/ exporting `scenario` is found by bench/index.ts.
export interface BenchScenario {
  name: string;
  description: string;
  // Throws when the run is not valid (e.g. stored rows and answers disagree).
  run(): Promise<Record<string, unknown>>;
}

export function envInt(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new Error(`${name} must be a positive integer, got "${value}"`);
  return parsed;
}
