import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { diffFields, FieldChanges } from '../../audit/field-changes';
import { Principal } from '../../common/auth/principal';
import { SettingsService } from '../../settings/settings.service';
import { PostbackRule } from './postback-rule.entity';
import { applyRevision, SENDING_FIELDS, sendingFieldsOf } from './rule-approval-fields';
import { SECRET } from './rule-audit';
import { ruleFieldsOf } from './rule-fields';
import { RuleFields } from './rule-fields-view';
import { RuleRevisions } from './rule-revisions';
import { UpdatePostbackRuleDto } from './update-postback-rule.dto';

export // How a publisher's edit meets approval: whether its sending fields wait (`held`), the fields
// it starts from, and the signing secret it proposes (set when it sets one).
interface ApprovalChange {
  held: boolean;
  base: RuleFields;
  secret: { value: string | null } | undefined;
}

// How an edit of a rule meets approval (SPEC §13), inside PostbackRulesService.update's
// transaction with the rule locked: what the edit starts from, and the revision it records.
@Injectable()
export class RuleEditApproval {
  constructor(
    private readonly revisions: RuleRevisions,
    private readonly settings: SettingsService,
  ) {}

  // What a publisher's edit starts from while approval is on: an approved rule with a change
  // waiting is edited as the publisher left it (the waiting change laid over what fires).
  async start(
    manager: EntityManager,
    current: PostbackRule,
    dto: UpdatePostbackRuleDto,
    waits: boolean,
  ): Promise<ApprovalChange> {
    const held = waits && current.approvedRevision !== null;
    const pending =
      waits && current.pendingRevision !== null
        ? await this.revisions.load(manager, current.id, current.pendingRevision)
        : null;
    const base = ruleFieldsOf(current);
    if (held && pending)
      Object.assign(base, applyRevision(current, pending.proposed, pending.changes));
    let secret: { value: string | null } | undefined;
    if (dto.signingSecret !== undefined) secret = { value: dto.signingSecret };
    else if (held && pending?.secretChanged) secret = { value: pending.signingSecret };
    return { held, base, secret };
  }

  // Records a revision when the sending fields or the secret change. A publisher's change while
  // approval is on waits (pending); one that puts the rule back as it fires ends the wait.
  async revise(
    manager: EntityManager,
    current: PostbackRule,
    fields: RuleFields,
    change: ApprovalChange,
    dto: UpdatePostbackRuleDto,
    waits: boolean,
  ): Promise<{ ruleChanges: Partial<PostbackRule>; requested: FieldChanges | null }> {
    const touched =
      SENDING_FIELDS.some((field) => dto[field] !== undefined) || dto.signingSecret !== undefined;
    if (!touched) return { ruleChanges: {}, requested: null };
    const proposedSecret = change.secret ? change.secret.value : current.signingSecret;
    const changes = diffFields(
      { ...sendingFieldsOf(current), signingSecret: current.signingSecret },
      { ...sendingFieldsOf(fields), signingSecret: proposedSecret },
      SECRET,
    );
    const changed = Object.keys(changes).length > 0;
    const neverApproved = current.approvedRevision === null;
    if (waits || (neverApproved && current.approvalState === 'pending')) {
      if (!changed && change.held) {
        if (current.pendingRevision === null) return { ruleChanges: {}, requested: null };
        await this.revisions.supersedePending(manager, current.id);
        return {
          ruleChanges: { approvalState: 'approved', pendingRevision: null },
          requested: null,
        };
      }
      if (!changed) return { ruleChanges: {}, requested: null };
      const n = await this.revisions.record(manager, current.id, {
        state: 'pending',
        proposed: sendingFieldsOf(fields),
        secret: change.secret,
        changes,
      });
      const ruleChanges = { approvalState: 'pending', pendingRevision: n, rejectionReason: null };
      return {
        ruleChanges: ruleChanges as Partial<PostbackRule>,
        requested: waits ? changes : null,
      };
    }
    if (!changed) return { ruleChanges: {}, requested: null };
    // A manager's change (or any change while approval is off) fires at once; it also makes a
    // rejected new rule the approved one.
    const n = await this.revisions.record(manager, current.id, {
      state: 'approved',
      proposed: sendingFieldsOf(fields),
      secret: change.secret,
      changes,
    });
    const ruleChanges: Partial<PostbackRule> = { approvedRevision: n };
    if (neverApproved)
      Object.assign(ruleChanges, { approvalState: 'approved', rejectionReason: null });
    return { ruleChanges, requested: null };
  }

  async needsApproval(principal: Principal): Promise<boolean> {
    if (principal.role === 'admin') return false;
    return (await this.settings.get()).publisherRulesRequireApproval;
  }
}
