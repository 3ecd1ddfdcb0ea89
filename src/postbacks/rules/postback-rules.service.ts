import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { AuditAction } from '../../audit/audit-entry.entity';
import { AuditLog } from '../../audit/audit-log';
import { diffFields, FieldChanges } from '../../audit/field-changes';
import { actionOf, auditedFields, loadRule, SECRET } from './rule-audit';
import { Offer } from '../../catalog/offers/offer.entity';
import { Publisher } from '../../catalog/publishers/publisher.entity';
import { Principal } from '../../common/auth/principal';
import { badRequest, forbidden, notFound } from '../../common/errors/domain-error';
import { Page, paginate } from '../../common/pagination/pagination';
import { AppConfig } from '../../config/app-config';
import { parseCidrList } from '../../common/cidr';
import { AddressPolicy } from '../delivery/address-policy';
import { CreatePostbackRuleDto } from './create-postback-rule.dto';
import { ListPostbackRulesQueryDto } from './list-postback-rules-query.dto';
import { checkRule, RuleIssue } from './postback-rule-checks';
import { RulePreviewView, RuleWarning, warningView } from './postback-rule-view';
import { PostbackRule } from './postback-rule.entity';
import { PreviewPostbackRuleDto } from './preview-postback-rule.dto';
import { defaultRuleFields, mergeRuleFields, ruleFieldsOf } from './rule-fields';
import { RuleFields } from './rule-fields-view';
import { macroWarnings } from './rule-health-checks';
import { RulesCache } from './rules-cache';
import { TrafficCheckService } from './traffic-check.service';
import { UpdatePostbackRuleDto } from './update-postback-rule.dto';
import { sendingFieldsOf } from './rule-approval-fields';
import { RuleEditApproval } from './rule-edit-approval';
import { DeliveryStore } from '../../deliveries/delivery-store';
import { RuleRevisions } from './rule-revisions';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { DueNotification } from '../../notifications/notification-queue';
import { ruleChangeEvents } from './rule-notifications';

export interface SavedRule {
  rule: PostbackRule;
  warnings: RuleWarning[];
}

// What must be checked against the database: the owner when it changes, offers newly listed.
interface References {
  publisherId: number | null | undefined;
  offerIds: number[];
}

const MAX_ISSUES_IN_MESSAGE = 5;

@Injectable()
export class PostbackRulesService {
  private readonly policy: AddressPolicy;

  constructor(
    @InjectRepository(PostbackRule) private readonly rules: Repository<PostbackRule>,
    @InjectRepository(Offer) private readonly offers: Repository<Offer>,
    @InjectRepository(Publisher) private readonly publishers: Repository<Publisher>,
    private readonly rulesCache: RulesCache,
    private readonly traffic: TrafficCheckService,
    private readonly audit: AuditLog,
    private readonly revisions: RuleRevisions,
    private readonly edits: RuleEditApproval,
    private readonly store: DeliveryStore,
    private readonly notifications: NotificationOutbox,
    config: AppConfig,
  ) {
    this.policy = new AddressPolicy(parseCidrList(config.POSTBACK_ALLOWED_CIDRS));
  }

  async create(principal: Principal, dto: CreatePostbackRuleDto): Promise<SavedRule> {
    const { fields, warnings } = await this.checkNew(principal, dto);
    const waits = await this.edits.needsApproval(principal);
    const secret = dto.signingSecret ?? null;
    const { rule, raised } = await this.rules.manager.transaction(async (manager) => {
      const repo = manager.getRepository(PostbackRule);
      // A publisher's new rule waiting for approval is revision 1, pending; its deliveries are held.
      const { id } = await repo.save(
        repo.create({
          ...fields,
          signingSecret: secret,
          approvalState: waits ? 'pending' : 'approved',
          approvedRevision: waits ? null : 1,
          pendingRevision: waits ? 1 : null,
        }),
      );
      const sending = sendingFieldsOf(fields);
      await this.revisions.record(manager, id, {
        state: waits ? 'pending' : 'approved',
        proposed: sending,
        secret: { value: secret },
        changes: diffFields(null, { ...sending, signingSecret: secret }, SECRET),
      });
      const saved = await loadRule(manager, id);
      await this.record(manager, saved, 'created', diffFields(null, auditedFields(saved), SECRET));
      const events = ruleChangeEvents(principal, null, saved, waits);
      return { rule: saved, raised: await this.raise(manager, events) };
    });
    this.rulesCache.invalidate();
    await this.notifications.enqueueAfterCommit(raised);
    return { rule, warnings };
  }

  // Everything create checks, without saving: receiver presets render through it (SPEC §12).
  async checkNew(
    principal: Principal,
    dto: CreatePostbackRuleDto,
  ): Promise<{ fields: RuleFields; warnings: RuleWarning[] }> {
    const owner = ownerForNewRule(principal, dto.publisherId);
    const base = { ...defaultRuleFields(), name: dto.name, type: dto.type, url: dto.url };
    const fields = { ...mergeRuleFields(base, dto), publisherId: owner };
    const warnings = await this.validate(principal, fields, {
      publisherId: principal.role === 'admin' ? owner : undefined,
      offerIds: fields.offerIds,
    });
    return { fields, warnings };
  }

  async get(principal: Principal, id: number): Promise<PostbackRule> {
    const rule = await this.rules
      .createQueryBuilder('p')
      .addSelect('p.signingSecret')
      .where('p.id = :id', { id })
      .getOne();
    // Another publisher's rule answers like an unknown one, so ids leak nothing.
    if (!rule || !isVisible(principal, rule)) throw notFound('Postback rule', id);
    return rule;
  }

  list(principal: Principal, query: ListPostbackRulesQueryDto): Promise<Page<PostbackRule>> {
    const qb = this.rules.createQueryBuilder('p').addSelect('p.signingSecret');
    if (principal.role !== 'admin') {
      qb.andWhere('p.publisher_id = :own', { own: principal.publisherId });
    }
    if (query.publisherId === null) qb.andWhere('p.publisher_id IS NULL');
    else if (query.publisherId !== undefined) {
      qb.andWhere('p.publisher_id = :publisherId', { publisherId: query.publisherId });
    }
    if (query.offerId !== undefined) {
      qb.andWhere(':offerId = ANY(p.offer_ids)', { offerId: query.offerId });
    }
    if (query.type !== undefined) qb.andWhere('p.type = :type', { type: query.type });
    if (query.enabled !== undefined)
      qb.andWhere('p.enabled = :enabled', { enabled: query.enabled });
    if (query.approvalState !== undefined) {
      qb.andWhere('p.approval_state = :approvalState', { approvalState: query.approvalState });
    }
    if (query.presetId !== undefined) {
      qb.andWhere('p.preset_id = :presetId', { presetId: query.presetId });
    }
    return paginate(qb, query, { column: 'p.id', property: 'id' });
  }

  async update(principal: Principal, id: number, dto: UpdatePostbackRuleDto): Promise<SavedRule> {
    const waits = await this.edits.needsApproval(principal);
    // The rule stays locked from read to audit entry, so the entry's "before" is what was replaced
    // (and an approval of this rule waits for the edit, or the edit for the approval).
    const saved = await this.rules.manager.transaction(async (manager) => {
      const current = await this.lockVisible(manager, principal, id);
      const change = await this.edits.start(manager, current, dto, waits);
      const owner = ownerForExistingRule(principal, dto.publisherId, current.publisherId);
      const fields = { ...mergeRuleFields(change.base, dto), publisherId: owner };
      const warnings = await this.validate(principal, fields, {
        publisherId:
          principal.role === 'admin' && owner !== current.publisherId ? owner : undefined,
        offerIds: fields.offerIds.filter((offerId) => !current.offerIds.includes(offerId)),
      });
      // While an approved rule's change waits, the approved sending fields keep firing.
      const live = change.held ? { ...fields, ...sendingFieldsOf(current) } : fields;
      // Only what changed is written, so a pause the delivery engine sets meanwhile survives a
      // PATCH that doesn't touch `enabled`; enabling clears the pause (SPEC §8).
      const changes: Partial<PostbackRule> = changedFields(ruleFieldsOf(current), live);
      if (dto.enabled === true) Object.assign(changes, { pausedReason: null, pausedAt: null });
      if (dto.signingSecret !== undefined && !change.held) {
        changes.signingSecret = dto.signingSecret;
      }
      const revision = await this.edits.revise(manager, current, fields, change, dto, waits);
      Object.assign(changes, revision.ruleChanges);
      if (Object.keys(changes).length > 0) {
        await manager.getRepository(PostbackRule).update(id, changes);
      }
      const rule = await loadRule(manager, id);
      const diff = diffFields(auditedFields(current), auditedFields(rule), SECRET);
      if (revision.requested) {
        await this.record(manager, rule, 'approval_requested', { ...diff, ...revision.requested });
      } else await this.record(manager, rule, actionOf(diff), diff);
      const events = ruleChangeEvents(principal, current, rule, Boolean(revision.requested));
      return { rule, warnings, raised: await this.raise(manager, events) };
    });
    this.rulesCache.invalidate();
    await this.notifications.enqueueAfterCommit(saved.raised);
    return { rule: saved.rule, warnings: saved.warnings };
  }

  // Soft delete: deliveries and their logs keep pointing at the rule.
  async remove(principal: Principal, id: number): Promise<void> {
    await this.rules.manager.transaction(async (manager) => {
      const current = await this.lockVisible(manager, principal, id);
      await manager.getRepository(PostbackRule).softDelete(id);
      // A rule deleted before approval never sends what it held.
      if (current.approvedRevision === null) {
        await this.store.cancelHeld(manager, id, 'Cancelled: the rule was deleted before approval');
      }
      await this.record(
        manager,
        current,
        'deleted',
        diffFields(auditedFields(current), null, SECRET),
      );
    });
    this.rulesCache.invalidate();
  }

  private async lockVisible(
    manager: EntityManager,
    principal: Principal,
    id: number,
  ): Promise<PostbackRule> {
    const rule = await loadRule(manager, id, true);
    // Another publisher's rule answers like an unknown one, so ids leak nothing.
    if (!rule || !isVisible(principal, rule)) throw notFound('Postback rule', id);
    return rule;
  }

  private async raise(
    manager: EntityManager,
    events: ReturnType<typeof ruleChangeEvents>,
  ): Promise<DueNotification[]> {
    const raised: DueNotification[] = [];
    for (const event of events) raised.push(...(await this.notifications.raise(manager, event)));
    return raised;
  }

  private record(
    manager: EntityManager,
    rule: PostbackRule,
    action: AuditAction,
    changes: FieldChanges,
  ): Promise<void> {
    return this.audit.append(manager, {
      entityType: 'postback_rule',
      entityId: rule.id,
      action,
      changes,
      publisherId: rule.publisherId,
    });
  }

  async preview(principal: Principal, dto: PreviewPostbackRuleDto): Promise<RulePreviewView> {
    // Lenient where create is strict: an admin's rule without publisherId previews as network-level.
    const owner =
      principal.role === 'admin' && dto.publisherId === undefined
        ? null
        : ownerForNewRule(principal, dto.publisherId);
    const base = { ...defaultRuleFields(), name: dto.name ?? '', type: dto.type, url: dto.url };
    const fields = { ...mergeRuleFields(base, dto), publisherId: owner };
    const result = checkRule(fields, {
      publisherOwned: owner !== null,
      policy: this.policy,
      sample: dto.sample,
    });
    const references = await this.referenceIssues(principal, {
      publisherId: principal.role === 'admin' ? owner : undefined,
      offerIds: fields.offerIds,
    });
    return {
      ...result.rendered,
      warnings: [...result.warnings.map(warningView), ...(await this.trafficWarnings(fields))],
      errors: [...result.errors, ...references],
    };
  }

  // A rule that names a publisher is checked against its recent clicks (SPEC §14).
  private async trafficWarnings(fields: RuleFields): Promise<RuleWarning[]> {
    if (fields.publisherId === null) return [];
    const { uses, checks } = await this.traffic.check(fields);
    return macroWarnings(checks).map((w) => ({
      code: w.code,
      field: uses.find((u) => u.macro === w.macro)?.field ?? 'url',
      message: w.message,
      macro: w.macro,
    }));
  }

  private async validate(
    principal: Principal,
    fields: RuleFields,
    references: References,
  ): Promise<RuleWarning[]> {
    const result = checkRule(fields, {
      publisherOwned: fields.publisherId !== null,
      policy: this.policy,
    });
    const errors = [...result.errors, ...(await this.referenceIssues(principal, references))];
    if (errors.length > 0) throw invalidRule(errors);
    return result.warnings.map(warningView);
  }

  private async referenceIssues(principal: Principal, refs: References): Promise<RuleIssue[]> {
    const issues: RuleIssue[] = [];
    if (typeof refs.publisherId === 'number') {
      if (!(await this.publishers.existsBy({ id: refs.publisherId }))) {
        issues.push({
          field: 'publisherId',
          code: 'unknown_publisher',
          message: `publisherId ${refs.publisherId} does not exist`,
        });
      }
    }
    if (refs.offerIds.length > 0) {
      // Publishers may name only the offers they can see (active ones).
      const where =
        principal.role === 'admin'
          ? { id: In(refs.offerIds) }
          : { id: In(refs.offerIds), status: 'active' as const };
      const found = new Set(
        (await this.offers.find({ select: { id: true }, where })).map((o) => o.id),
      );
      const missing = refs.offerIds.filter((offerId) => !found.has(offerId));
      if (missing.length > 0) {
        issues.push({
          field: 'offerIds',
          code: 'unknown_offer',
          message: `offerIds: no such offer ${missing.slice(0, 20).join(', ')}`,
        });
      }
    }
    return issues;
  }
}

function isVisible(principal: Principal, rule: PostbackRule): boolean {
  return principal.role === 'admin' || rule.publisherId === principal.publisherId;
}

// Publishers own their rules only; an admin names the owner or null (network-level) explicitly,
// since a rule meant for one publisher saved as network-level would send every publisher's data.
export function ownerForNewRule(
  principal: Principal,
  requested: number | null | undefined,
): number | null {
  if (principal.role === 'admin') {
    if (requested === undefined) {
      const message = 'publisherId is required: a publisher id, or null for a network-level rule';
      throw badRequest('validation_failed', message, [
        { field: 'publisherId', code: 'required', message },
      ]);
    }
    return requested;
  }
  return ownerForExistingRule(principal, requested, principal.publisherId);
}

function ownerForExistingRule(
  principal: Principal,
  requested: number | null | undefined,
  current: number | null,
): number | null {
  if (requested === undefined) return current;
  if (principal.role === 'admin' || requested === principal.publisherId) return requested;
  throw forbidden(
    requested === null
      ? 'Network-level rules (publisherId null) are for network managers only'
      : 'A publisher may manage postback rules for itself only',
  );
}

function changedFields(before: RuleFields, after: RuleFields): Partial<RuleFields> {
  const keys = Object.keys(after) as (keyof RuleFields)[];
  const changed = keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return Object.fromEntries(changed.map((key) => [key, after[key]]));
}

function invalidRule(errors: RuleIssue[]) {
  // Only an address problem: say so at the top level, so clients can branch on it.
  const code = errors.every((e) => e.code === 'destination_not_allowed')
    ? 'destination_not_allowed'
    : 'validation_failed';
  const shown = errors.slice(0, MAX_ISSUES_IN_MESSAGE).map((e) => `${e.field}: ${e.message}`);
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
  return badRequest(code, `Invalid postback rule: ${shown.join('; ')}${more}`, errors);
}
