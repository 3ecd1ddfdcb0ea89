import type { RuleIssue } from './postback-rule-checks';
import { Postback } from './postback.entity';
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
export function postbackView(rule: Postback) {
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

export type PostbackView = ReturnType<typeof postbackView>;

export function warningView(issue: RuleIssue): RuleWarning {
  return { code: issue.code, field: issue.field, message: issue.message };
}
