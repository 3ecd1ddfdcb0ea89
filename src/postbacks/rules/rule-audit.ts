import { EntityManager } from 'typeorm';
import type { AuditAction } from '../../audit/audit-entry.entity';
import type { FieldChanges } from '../../audit/field-changes';
import { PostbackRule } from './postback-rule.entity';
import { ruleFieldsOf } from './rule-fields';

// How a rule's changes read in the audit log (SPEC §13).

// The signing secret is selected (the rule view says whether one is set; the audit log redacts it).
export function loadRule(
  manager: EntityManager,
  id: number,
  lock: true,
): Promise<PostbackRule | null>;
export function loadRule(manager: EntityManager, id: number): Promise<PostbackRule>;
export function loadRule(
  manager: EntityManager,
  id: number,
  lock = false,
): Promise<PostbackRule | null> {
  const qb = manager
    .getRepository(PostbackRule)
    .createQueryBuilder('p')
    .addSelect('p.signingSecret')
    .where('p.id = :id', { id });
  return lock ? qb.setLock('pessimistic_write').getOne() : qb.getOneOrFail();
}

export const SECRET = ['signingSecret'];

// What the audit log compares: the settable fields, the secret, the pause and the approval.
export function auditedFields(rule: PostbackRule) {
  return {
    ...ruleFieldsOf(rule),
    signingSecret: rule.signingSecret,
    pausedReason: rule.pausedReason,
    pausedAt: rule.pausedAt,
    approvalState: rule.approvalState,
    rejectionReason: rule.rejectionReason,
  };
}

// Turning a rule off or on, and nothing else, is a pause or a resume (a resume clears the pause).
export function actionOf(changes: FieldChanges): AuditAction {
  const names = Object.keys(changes).filter((n) => n !== 'pausedReason' && n !== 'pausedAt');
  if (names.length !== 1 || names[0] !== 'enabled') return 'updated';
  return changes.enabled.after === true ? 'resumed' : 'paused';
}
