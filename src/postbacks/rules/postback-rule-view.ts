import { ApiRecord } from '../../common/openapi/api-docs';
import type { RenderedPostback } from '../templates/template-linter';
import type { RuleIssue } from './postback-rule-checks';
import { ApprovalState, PostbackRule } from './postback-rule.entity';
import { ruleFieldsOf } from './rule-fields';
import { RuleFields } from './rule-fields-view';
import { HealthBadgeView } from './rule-health-views';

export class RuleWarning {
  code: string;
  field: string;
  message: string;
  // The click macro a traffic-check warning is about (SPEC §14).
  macro?: string;
}

// A save-time or preview error; preview returns them instead of refusing.
export class RuleIssueView {
  field: string;
  code: string;
  message: string;
  macro?: string;
  // Where in the template, for a template error.
  position?: number;
}

// The only way a rule leaves the API: listed fields, so the signing secret and deletedAt
// can't ride along, whatever the entity holds.
export class PostbackRuleView extends RuleFields {
  id: number;
  // The secret itself is never returned.
  hasSigningSecret: boolean;
  pausedReason: string | null;
  pausedAt: Date | null;
  // SPEC §13. `pending`: a change (or the whole new rule) waits for an admin; until then the
  // approved revision's fields shown here keep firing (a new rule's deliveries are held).
  approvalState: ApprovalState;
  // The revision waiting for approval (GET /api/postbacks/:id/revisions shows it).
  pendingRevision: number | null;
  // Null while a new rule has never been approved.
  approvedRevision: number | null;
  // Why an admin rejected the last change.
  rejectionReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

// POST and PATCH answers: the saved rule and what the linter warned about.
export class SavedRuleView extends PostbackRuleView {
  warnings: RuleWarning[];
}

// A row of the rules list: the rule and its last day's delivery health.
export class ListedRuleView extends PostbackRuleView {
  health: HealthBadgeView;
}

// POST /api/postbacks/preview: what the receiver would get, and what is wrong with it.
export class RulePreviewView implements RenderedPostback {
  url: string;
  @ApiRecord()
  headers: Record<string, string>;
  body: string | null;
  warnings: RuleWarning[];
  errors: RuleIssueView[];
}

export function postbackRuleView(rule: PostbackRule): PostbackRuleView {
  return {
    id: rule.id,
    ...ruleFieldsOf(rule),
    hasSigningSecret: rule.signingSecret !== null && rule.signingSecret !== undefined,
    pausedReason: rule.pausedReason,
    pausedAt: rule.pausedAt,
    approvalState: rule.approvalState,
    pendingRevision: rule.pendingRevision,
    approvedRevision: rule.approvedRevision,
    rejectionReason: rule.rejectionReason,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}

export function warningView(issue: RuleIssue): RuleWarning {
  return { code: issue.code, field: issue.field, message: issue.message };
}
