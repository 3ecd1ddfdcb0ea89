import type { HealthState, RuleType } from '../api/types';

export const RULE_TYPE_WORDS: Record<RuleType, string> = {
  conversion: 'Conversion',
  event: 'Event (post-conversion)',
  click: 'Click',
  impression: 'Impression',
};

export const HEALTH_WORDS: Record<HealthState, { label: string; color: string }> = {
  ok: { label: 'Healthy', color: 'green' },
  idle: { label: 'Idle', color: 'gray' },
  failing: { label: 'Failing', color: 'red' },
  paused: { label: 'Paused', color: 'yellow' },
};

// "trk.example.com" from a URL template; the template itself when it is not a URL yet.
export function urlHost(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url.trim());
  return match ? match[1] : url;
}
