import type { RuleIssue } from './postback-rule-checks';
import { PostbackRule } from './postback-rule.entity';
import { ruleFieldsOf } from './rule-fields';

export interface RuleWarning {
  code: string;
  field: string;
  message: string;
  // The click macro a traffic-check warning is about (SPEC §14).
  macro?: string;
}

// The only way a rule leaves the API: listed fields, so the signing secret and deletedAt
// can't ride along, whatever the entity holds.
export function postbackRuleView(rule: PostbackRule) {
  return {
    id: rule.id,
    ...ruleFieldsOf(rule),
    hasSigningSecret: rule.signingSecret !== null && rule.signingSecret !== undefined,
    pausedReason: rule.pausedReason,
    pausedAt: rule.pausedAt,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}

export type PostbackRuleView = ReturnType<typeof postbackRuleView>;

export function warningView(issue: RuleIssue): RuleWarning {
  return { code: issue.code, field: issue.field, message: issue.message };
}
