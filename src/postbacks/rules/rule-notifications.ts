import type { Principal } from '../../common/auth/principal';
import type { RuleEvent } from '../../notifications/notification-events';
import type { PostbackRule } from './postback-rule.entity';

// What a manager's or publisher's change to a rule notifies (SPEC §13). Pure. `before` is null
// for a new rule; `requested`: the change (or the new rule) now waits for approval.
export function ruleChangeEvents(
  principal: Principal,
  before: PostbackRule | null,
  after: PostbackRule,
  requested: boolean,
): RuleEvent[] {
  const events: RuleEvent[] = [];
  const by = principal.label;
  if (before && before.enabled && !after.enabled) {
    events.push({ type: 'postback.paused', rule: after, reason: `paused by ${by}` });
  }
  if (before && !before.enabled && after.enabled) {
    events.push({ type: 'postback.resumed', rule: after, reason: `resumed by ${by}` });
  }
  if (requested) {
    events.push({
      type: 'postback.approval_requested',
      rule: after,
      reason: before
        ? `${by} changed where or what the rule sends (revision ${after.pendingRevision})`
        : `${by} created the rule`,
    });
  }
  return events;
}
