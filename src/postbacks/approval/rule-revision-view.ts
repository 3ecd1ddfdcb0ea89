import { PickType } from '@nestjs/swagger';
import { ApiFieldChanges, AuditActorView } from '../../audit/audit-entry-view';
import type { FieldChanges } from '../../audit/field-changes';
import { SENDING_FIELDS } from '../rules/rule-approval-fields';
import { RuleFields } from '../rules/rule-fields-view';
import type { RevisionState, RuleRevision } from '../rules/rule-revision.entity';

// Where and what the revision sends; the secret never (its changes say whether it was set).
export class RevisionFieldsView extends PickType(RuleFields, SENDING_FIELDS) {}

export class RuleRevisionView {
  n: number;
  state: RevisionState;
  author: AuditActorView;
  createdAt: Date;
  fields: RevisionFieldsView;
  // {field: {before, after}} against the rule as it fired then; the secret reads "[redacted]".
  @ApiFieldChanges()
  changes: FieldChanges;
  decidedAt: Date | null;
  decidedBy: string | null;
  // A rejection's reason.
  reason: string | null;
}

export function ruleRevisionView(revision: RuleRevision): RuleRevisionView {
  const { method, url, headers, body, contentType } = revision.proposed;
  return {
    n: revision.n,
    state: revision.state,
    author: { type: revision.authorType, id: revision.authorId, label: revision.authorLabel },
    createdAt: revision.createdAt,
    fields: { method, url, headers, body, contentType },
    changes: revision.changes,
    decidedAt: revision.decidedAt,
    decidedBy: revision.decidedBy,
    reason: revision.reason,
  };
}
