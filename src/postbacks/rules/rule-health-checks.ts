import { parseTemplate } from '../templates/macro-renderer';

// Rule health's pure parts (SPEC §14): which click macros a rule uses, the traffic-check
// warning, and the rules list's badge.

export const HEALTH_WINDOWS = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days' } as const;
export type HealthWindow = keyof typeof HEALTH_WINDOWS;

// Click macros that can render empty, with the clicks column each one reads.
// `{transaction_id}` is never empty; offer/publisher ids and times always exist.
export const CLICK_MACRO_COLUMNS: ReadonlyMap<string, string> = new Map([
  ['sub1', 'sub1'],
  ['sub2', 'sub2'],
  ['sub3', 'sub3'],
  ['sub4', 'sub4'],
  ['sub5', 'sub5'],
  ['external_transaction_id', 'external_transaction_id'],
  ['source', 'source'],
  ['ip', 'ip'],
  ['user_agent', 'user_agent'],
]);

// Over this share of empty values the macro is flagged.
export const EMPTY_SHARE_LIMIT = 0.9;
export const TRAFFIC_SAMPLE = 1000;

export interface MacroUse {
  // Canonical name, e.g. 'external_transaction_id' for `{aff_click_id}`.
  macro: string;
  // Where it is first used: 'url', 'headers.<name>' or 'body'.
  field: string;
}

export interface TrafficCheck {
  macro: string;
  emptyIn: number;
  of: number;
}

export interface MacroWarning {
  code: 'macro_usually_empty';
  message: string;
  macro: string;
}

interface TemplateFields {
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

// The rule's click macros that could render empty, each once, in the order written.
export function clickMacrosUsed(rule: TemplateFields): MacroUse[] {
  const sources: [string, string][] = [
    ['url', rule.url],
    ...Object.entries(rule.headers ?? {}).map(([name, value]): [string, string] => [
      `headers.${name}`,
      value,
    ]),
    ['body', rule.body ?? ''],
  ];
  const uses = new Map<string, MacroUse>();
  for (const [field, source] of sources) {
    for (const ref of parseTemplate(source).macros) {
      const macro = ref.canonical;
      if (macro && CLICK_MACRO_COLUMNS.has(macro) && !uses.has(macro)) {
        uses.set(macro, { macro, field });
      }
    }
  }
  return [...uses.values()];
}

// No clicks (of 0) is no evidence either way: no warning.
export function macroWarnings(checks: readonly TrafficCheck[]): MacroWarning[] {
  return checks
    .filter((c) => c.of > 0 && c.emptyIn / c.of > EMPTY_SHARE_LIMIT)
    .map((c) => ({
      code: 'macro_usually_empty',
      message: `\`{${c.macro}}\` was empty in ${count(c.emptyIn)} of your last ${count(c.of)} clicks`,
      macro: c.macro,
    }));
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export type HealthState = 'ok' | 'failing' | 'paused' | 'idle';

export interface HealthBadge {
  state: HealthState;
  deliveredLast24h: number;
  failedLast24h: number;
  retryingLast24h: number;
}

// Failing when over 10 % of the last day's deliveries that got an answer (or are still being
// retried) did not arrive; paused wins, since nothing is sent.
export function healthBadge(
  rule: { enabled: boolean; pausedReason: string | null },
  counts: { delivered: number; failed: number; retrying: number },
): HealthBadge {
  const { delivered, failed, retrying } = counts;
  const badge = { deliveredLast24h: delivered, failedLast24h: failed, retryingLast24h: retrying };
  const total = delivered + failed + retrying;
  let state: HealthState = 'ok';
  if (!rule.enabled || rule.pausedReason) state = 'paused';
  else if (total === 0) state = 'idle';
  else if ((failed + retrying) / total > 0.1) state = 'failing';
  return { state, ...badge };
}

// p-th percentile of attempt durations, rounded to whole milliseconds; null with none.
export function roundedMs(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value));
}
