import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/auth/principal';
import { DeliveryStore } from '../../deliveries/delivery-store';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { DeliveryQueue } from '../delivery/delivery-queue';
import type { PostbackRule } from '../rules/postback-rule.entity';
import { PostbackRulesService } from '../rules/postback-rules.service';
import type { RuleRevision } from '../rules/rule-revision.entity';
import { Decision, RuleRevisions } from '../rules/rule-revisions';
import { RulesCache } from '../rules/rules-cache';

// An admin's decision on a publisher's waiting change (SPEC §13). The rule's row lock (taken in
// RuleRevisions) orders it against another decision and against the publisher's next edit: the
// first to lock wins, the other sees the state it left (409, or a newer pending revision).
@Injectable()
export class RuleApprovalService {
  private readonly logger = new Logger('RuleApproval');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: PostbackRulesService,
    private readonly revisions: RuleRevisions,
    private readonly cache: RulesCache,
    private readonly store: DeliveryStore,
    private readonly queue: DeliveryQueue,
    private readonly notifications: NotificationOutbox,
  ) {}

  async list(principal: Principal, ruleId: number): Promise<RuleRevision[]> {
    await this.rules.get(principal, ruleId);
    return this.revisions.list(ruleId);
  }

  // A new rule's held deliveries become due in the same transaction and go to the queue after
  // commit, in the order they were planned.
  async approve(principal: Principal, ruleId: number, revision?: number): Promise<PostbackRule> {
    const { rule, released, raised } = await this.dataSource.transaction(async (manager) => {
      const decision = await this.revisions.approve(manager, principal, ruleId, revision);
      const due = decision.wasNew ? await this.store.releaseHeld(manager, ruleId) : [];
      const notified = await this.notifications.raise(manager, {
        type: 'postback.approved',
        rule: decision.rule,
        reason: `approved by ${principal.label}`,
      });
      return { rule: decision.rule, released: due, raised: notified };
    });
    this.cache.invalidate();
    await this.notifications.enqueueAfterCommit(raised);
    if (released.length > 0) {
      this.logger.log(`Rule ${ruleId} approved: ${released.length} held deliveries released`);
      await this.queue.add(
        released.map((d) => ({
          id: d.id,
          scheduledFor: d.next_attempt_at,
          maxAttempts: rule.maxAttempts,
        })),
      );
    }
    return rule;
  }

  // A new rule's held deliveries are cancelled with the reason; a rejected change leaves the
  // approved revision firing.
  async reject(
    principal: Principal,
    ruleId: number,
    reason: string,
    revision?: number,
  ): Promise<PostbackRule> {
    const { decision, raised } = await this.dataSource.transaction(async (manager) => {
      const made: Decision = await this.revisions.reject(
        manager,
        principal,
        ruleId,
        reason,
        revision,
      );
      if (made.wasNew) {
        await this.store.cancelHeld(
          manager,
          ruleId,
          `Cancelled: the rule was rejected (${reason})`,
        );
      }
      const notified = await this.notifications.raise(manager, {
        type: 'postback.rejected',
        rule: made.rule,
        reason,
      });
      return { decision: made, raised: notified };
    });
    this.cache.invalidate();
    await this.notifications.enqueueAfterCommit(raised);
    return decision.rule;
  }
}
