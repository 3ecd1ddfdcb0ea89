// Where each number of the overview leads: the filtered list behind it, with the filter names
// of SPEC §9 (logs) and §5.2 (intake logs) in the URL.
export function logsLink(filters: Record<string, string | number>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) query.set(name, String(value));
  return `/logs?${query.toString()}`;
}

export function intakeLogsLink(filters: Record<string, string>): string {
  return `/intake-logs?${new URLSearchParams(filters).toString()}`;
}

export function percent(rate: number | null): string {
  if (rate === null) return '—';
  const value = rate * 100;
  // 99.96 % is not 100 %: one decimal near the ends.
  return `${value > 0 && value < 100 && (value < 1 || value > 99) ? value.toFixed(1) : Math.round(value)} %`;
}

export const count = (n: number) => n.toLocaleString();
