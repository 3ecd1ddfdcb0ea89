import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { currentRequest } from '../../audit/audit-context';
import { actorOf, AuditLog, systemActor } from '../../audit/audit-log';
import { diffFields, FieldChanges } from '../../audit/field-changes';
import type { Principal } from '../../common/auth/principal';
import { conflict, notFound } from '../../common/errors/domain-error';
import { PostbackRule } from './postback-rule.entity';
import { applyRevision, SendingFields } from './rule-approval-fields';
import { auditedFields, loadRule, SECRET } from './rule-audit';
import { RevisionState, RuleRevision } from './rule-revision.entity';

export interface NewRevision {
  state: Extract<RevisionState, 'approved' | 'pending'>;
  proposed: SendingFields;
  // Set when the revision sets the signing secret (to a value, or to none).
  secret?: { value: string | null };
  changes: FieldChanges;
}

export interface Decision {
  rule: PostbackRule;
  // The rule had never been approved: its held deliveries go out (approved) or are cancelled.
  wasNew: boolean;
}

// The one writer of `postback_revisions` and of a rule's approval columns (SPEC §13). Every
// method runs in its caller's transaction, with the rule's row locked by the caller or here, so
// two decisions, or a decision and a publisher's edit, never interleave.
@Injectable()
export class RuleRevisions {
  constructor(
    @InjectRepository(RuleRevision) private readonly revisions: Repository<RuleRevision>,
    private readonly audit: AuditLog,
  ) {}

  // Records the next revision; a pending one supersedes the revision that was waiting.
  async record(manager: EntityManager, ruleId: number, revision: NewRevision): Promise<number> {
    const [{ n }]: { n: number }[] = await manager.query(
      `SELECT coalesce(max(n), 0) + 1 AS n FROM postback_revisions WHERE postback_id = $1`,
      [ruleId],
    );
    if (revision.state === 'pending') await this.supersedePending(manager, ruleId);
    const request = currentRequest();
    const author = request?.principal ? actorOf(request.principal) : systemActor('system');
    await manager.query(
      `INSERT INTO postback_revisions (postback_id, n, state, proposed, signing_secret,
         secret_changed, changes, author_type, author_id, author_label)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8, $9, $10)`,
      [
        ruleId,
        n,
        revision.state,
        JSON.stringify(revision.proposed),
        revision.secret?.value ?? null,
        revision.secret !== undefined,
        JSON.stringify(revision.changes),
        author.type,
        author.id,
        author.label.slice(0, 254),
      ],
    );
    return n;
  }

  // A newer change, or the publisher putting the rule back as it fires, ends the wait.
  async supersedePending(manager: EntityManager, ruleId: number): Promise<void> {
    await manager.query(
      `UPDATE postback_revisions SET state = 'superseded', decided_at = now()
        WHERE postback_id = $1 AND state = 'pending'`,
      [ruleId],
    );
  }

  // The revision with its secret (to apply it, or to carry it into a newer pending one).
  async load(manager: EntityManager, ruleId: number, n: number): Promise<RuleRevision> {
    return manager
      .getRepository(RuleRevision)
      .createQueryBuilder('r')
      .addSelect('r.signingSecret')
      .where('r.postback_id = :ruleId AND r.n = :n', { ruleId, n })
      .getOneOrFail();
  }

  list(ruleId: number): Promise<RuleRevision[]> {
    return this.revisions.find({ where: { postbackId: ruleId }, order: { n: 'DESC' } });
  }

  // The waiting revision becomes the one that fires. `expected`: the revision the admin reviewed;
  // a newer one waiting instead is a conflict, never approved unseen.
  async approve(
    manager: EntityManager,
    principal: Principal,
    ruleId: number,
    expected: number | undefined,
  ): Promise<Decision> {
    const rule = await this.lockPending(manager, ruleId, expected);
    const n = rule.pendingRevision!;
    const revision = await this.load(manager, ruleId, n);
    const wasNew = rule.approvedRevision === null;
    // A new rule's row already holds its only version; a change is laid over the approved one.
    const applied = wasNew ? {} : applyRevision(rule, revision.proposed, revision.changes);
    const secret =
      !wasNew && revision.secretChanged ? { signingSecret: revision.signingSecret } : {};
    await manager.getRepository(PostbackRule).update(ruleId, {
      ...applied,
      ...secret,
      approvalState: 'approved',
      approvedRevision: n,
      pendingRevision: null,
      rejectionReason: null,
    });
    await this.decide(manager, principal, ruleId, n, 'approved', null);
    return this.audited(manager, rule, 'approved', { wasNew, n });
  }

  async reject(
    manager: EntityManager,
    principal: Principal,
    ruleId: number,
    reason: string,
    expected: number | undefined,
  ): Promise<Decision> {
    const rule = await this.lockPending(manager, ruleId, expected);
    const n = rule.pendingRevision!;
    await manager.getRepository(PostbackRule).update(ruleId, {
      approvalState: 'rejected',
      pendingRevision: null,
      rejectionReason: reason,
    });
    await this.decide(manager, principal, ruleId, n, 'rejected', reason);
    return this.audited(manager, rule, 'rejected', { wasNew: rule.approvedRevision === null, n });
  }

  private async lockPending(
    manager: EntityManager,
    ruleId: number,
    expected: number | undefined,
  ): Promise<PostbackRule> {
    const rule = await loadRule(manager, ruleId, true);
    if (!rule) throw notFound('Postback rule', ruleId);
    if (rule.approvalState !== 'pending' || rule.pendingRevision === null) {
      throw conflict('not_pending', `Postback rule ${ruleId} has no change waiting for approval`);
    }
    if (expected !== undefined && expected !== rule.pendingRevision) {
      throw conflict(
        'revision_changed',
        `Revision ${expected} is no longer the one waiting: the publisher changed the rule ` +
          `again (revision ${rule.pendingRevision}); review that one`,
      );
    }
    return rule;
  }

  private async decide(
    manager: EntityManager,
    principal: Principal,
    ruleId: number,
    n: number,
    state: 'approved' | 'rejected',
    reason: string | null,
  ): Promise<void> {
    await manager
      .getRepository(RuleRevision)
      .update(
        { postbackId: ruleId, n },
        { state, reason, decidedAt: new Date(), decidedBy: actorOf(principal).label.slice(0, 254) },
      );
  }

  // The decision's audit entry: what changed on the rule, and which revision was decided.
  private async audited(
    manager: EntityManager,
    before: PostbackRule,
    action: 'approved' | 'rejected',
    { wasNew, n }: { wasNew: boolean; n: number },
  ): Promise<Decision> {
    const rule = await loadRule(manager, before.id);
    await this.audit.append(manager, {
      entityType: 'postback_rule',
      entityId: rule.id,
      action,
      changes: {
        ...diffFields(auditedFields(before), auditedFields(rule), SECRET),
        revision: { before: null, after: n },
      },
      publisherId: rule.publisherId,
    });
    return { rule, wasNew };
  }
}
