import type { RuleIssue } from './postback-rule-checks';
import { Postback } from './postback.entity';

export interface RuleWarning {
  code: string;
  field: string;
  message: string;
}

// The only way a rule leaves the API: listed fields, so the signing secret and deletedAt
// can't ride along, whatever the entity holds.
export function postbackView(rule: Postback) {
  return {
    id: rule.id,
    name: rule.name,
    type: rule.type,
    publisherId: rule.publisherId,
    offerIds: rule.offerIds,
    method: rule.method,
    url: rule.url,
    headers: rule.headers,
    body: rule.body,
    contentType: rule.contentType,
    statuses: rule.statuses,
    rejectionReasons: rule.rejectionReasons,
    events: rule.events,
    statusMap: rule.statusMap,
    delaySeconds: rule.delaySeconds,
    maxAttempts: rule.maxAttempts,
    timeoutMs: rule.timeoutMs,
    hasSigningSecret: rule.signingSecret !== null && rule.signingSecret !== undefined,
    enabled: rule.enabled,
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
