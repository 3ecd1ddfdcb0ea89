// Which postback rules fire for an event (SPEC §6). Pure: the caller loads the rules.

import type { ConversionStatus } from '../../conversions/conversion.entity';

export type RuleType = 'click' | 'impression' | 'conversion' | 'event';

export interface MatchableRule {
  id: number;
  type: RuleType;
  publisherId: number | null;
  offerIds: number[] | null;
  enabled: boolean;
  statuses: ConversionStatus[] | null;
  rejectionReasons: string[] | null;
  events: string[] | null;
}

export type TriggerEvent =
  | { kind: 'click' | 'impression'; publisherId: number; offerId: number }
  | {
      kind: 'conversion';
      publisherId: number;
      offerId: number;
      status: ConversionStatus;
      event: string | null;
      rejectionReason: string | null;
    };

type ConversionTrigger = Extract<TriggerEvent, { kind: 'conversion' }>;

const DEFAULT_STATUSES: readonly ConversionStatus[] = ['approved'];

export function ruleTypeFor(trigger: TriggerEvent): RuleType {
  if (trigger.kind !== 'conversion') return trigger.kind;
  return normalizeWord(trigger.event) === '' ? 'conversion' : 'event';
}

export function matchRules<R extends MatchableRule>(
  trigger: TriggerEvent,
  rules: readonly R[],
): R[] {
  const type = ruleTypeFor(trigger);
  const sameType = rules.filter((rule) => rule.enabled && rule.type === type);
  // Publisher rules and network-level rules are two independent scope groups.
  const publisherGroup = sameType.filter((rule) => rule.publisherId === trigger.publisherId);
  const networkGroup = sameType.filter((rule) => rule.publisherId === null);
  const candidates = new Set<R>([
    ...candidatesInGroup(publisherGroup, trigger.offerId),
    ...candidatesInGroup(networkGroup, trigger.offerId),
  ]);

  const seenIds = new Set<number>();
  return rules.filter((rule) => {
    if (!candidates.has(rule) || seenIds.has(rule.id)) return false;
    if (!conditionsMet(rule, trigger)) return false;
    seenIds.add(rule.id);
    return true;
  });
}

// Decided by scope before conditions: a local rule for the offer suppresses the
// group's global rules even when its own conditions then fail.
function candidatesInGroup<R extends MatchableRule>(group: readonly R[], offerId: number): R[] {
  const local = group.filter((rule) => rule.offerIds?.includes(offerId) ?? false);
  return local.length > 0 ? local : group.filter((rule) => !isLocal(rule));
}

function isLocal(rule: MatchableRule): boolean {
  return rule.offerIds !== null && rule.offerIds.length > 0;
}

function conditionsMet(rule: MatchableRule, trigger: TriggerEvent): boolean {
  if (trigger.kind !== 'conversion') return true;
  return (
    statusMatches(rule, trigger) &&
    rejectionReasonMatches(rule, trigger) &&
    (rule.type !== 'event' || eventMatches(rule, trigger))
  );
}

function statusMatches(rule: MatchableRule, trigger: ConversionTrigger): boolean {
  const statuses = rule.statuses && rule.statuses.length > 0 ? rule.statuses : DEFAULT_STATUSES;
  return statuses.includes(trigger.status);
}

function rejectionReasonMatches(rule: MatchableRule, trigger: ConversionTrigger): boolean {
  if (trigger.status !== 'rejected') return true;
  return listAcceptsWord(rule.rejectionReasons, trigger.rejectionReason);
}

function eventMatches(rule: MatchableRule, trigger: ConversionTrigger): boolean {
  return listAcceptsWord(rule.events, trigger.event);
}

// An empty list (blank entries ignored) accepts anything; otherwise the word must be listed.
function listAcceptsWord(list: readonly string[] | null, word: string | null): boolean {
  const accepted = (list ?? []).map(normalizeWord).filter((entry) => entry !== '');
  if (accepted.length === 0) return true;
  const normalized = normalizeWord(word);
  return normalized !== '' && accepted.includes(normalized);
}

function normalizeWord(word: string | null): string {
  return (word ?? '').trim().toLowerCase();
}
