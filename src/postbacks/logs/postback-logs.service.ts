import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { conflict, forbidden, notFound } from '../../common/errors/domain-error';
import { uuidv7 } from '../../common/ids';
import { Page, paginate } from '../../common/pagination/pagination';
import { DeliveryAttempt } from '../../deliveries/delivery-attempt.entity';
import { DeliveryStore } from '../../deliveries/delivery-store';
import { Delivery } from '../../deliveries/delivery.entity';
import { DeliveryService } from '../delivery/delivery.service';
import { RulesCache } from '../rules/rules-cache';
import { canonicalMacroName, SAMPLE_VALUES } from '../templates/macros';
import type { AttemptFacts } from './attempt-error-text';
import { LogPageQuery, PostbackLogFilterDto } from './postback-log.dto';
import {
  CSV_COLUMNS,
  HELD_REASON,
  csvRow,
  LogRule,
  postbackLogEntryView,
  PostbackLogEntryView,
  postbackLogView,
  PostbackLogView,
} from './postback-log.view';

const EXPORT_BATCH = 1_000;
// Beyond a test attempt's timeout, the time to claim it and record it.
const TEST_RECORDED_WITHIN_S = 60;

@Injectable()
export class PostbackLogsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryService,
    private readonly rules: RulesCache,
    private readonly store: DeliveryStore,
  ) {}

  async list(principal: Principal, query: LogPageQuery): Promise<Page<PostbackLogView>> {
    const page = await paginate(this.filtered(principal, query), query, {
      column: 'd.id',
      property: 'id',
    });
    return { items: await this.withAttempts(page.items), nextCursor: page.nextCursor };
  }

  // One entry, its attempts with the requests sent (masked when recorded).
  async get(principal: Principal, id: string): Promise<PostbackLogEntryView> {
    const delivery = await this.filtered(principal, {}).andWhere('d.id = :id', { id }).getOne();
    if (!delivery) throw notFound('Postback log entry', id);
    const attempts = await this.dataSource
      .getRepository(DeliveryAttempt)
      .createQueryBuilder('a')
      .addSelect(['a.requestHeaders', 'a.requestBody'])
      .where('a.delivery_id = :id', { id })
      .getMany();
    const rule = await this.rules.byId(delivery.postbackId);
    return postbackLogEntryView(delivery, attempts, rule);
  }

  // Fires again now, as a new attempt of the same delivery (same {delivery_id}).
  async retry(principal: Principal, id: string): Promise<PostbackLogEntryView> {
    const entry = await this.get(principal, id);
    // Nothing is sent for a rule not approved yet; approval sends it (SPEC §13).
    if (entry.state === 'held') throw conflict('delivery_held', HELD_REASON);
    await this.deliveries.attempt(id, 'manual');
    return this.get(principal, id);
  }

  // SPEC §6 test: one firing now with sample values, logged as `test`.
  async fireTest(
    principal: Principal,
    ruleId: number,
    sample: Record<string, string | number> = {},
  ): Promise<PostbackLogEntryView> {
    const rule = await this.rules.byId(ruleId);
    if (!rule || (principal.role === 'publisher' && rule.publisherId !== principal.publisherId)) {
      throw notFound('Postback', ruleId);
    }
    // A publisher's rule no manager has approved yet sends nothing, not even a test.
    if (rule.approvedRevision === null && principal.role !== 'admin') {
      throw conflict(
        'rule_not_approved',
        'This rule is waiting for a network manager’s approval; it can be tested once approved',
      );
    }
    const snapshot: Record<string, string | number> = {
      ...SAMPLE_VALUES,
      raw_status: SAMPLE_VALUES.status,
    };
    for (const [name, value] of Object.entries(sample)) {
      const canonical = canonicalMacroName(name);
      if (canonical) snapshot[canonical === 'status' ? 'raw_status' : canonical] = value;
    }
    const id = uuidv7();
    await this.store.insertTestFire({
      id,
      postbackId: rule.id,
      type: rule.type,
      publisherId: rule.publisherId,
      status: snapshot.raw_status,
      snapshot,
      // Due only once this attempt should long be over: if the process dies before recording
      // it, the sweeper fires the test then, instead of it staying scheduled forever.
      dueInSeconds: rule.timeoutMs / 1000 + TEST_RECORDED_WITHIN_S,
    });
    await this.deliveries.attempt(id, 'manual');
    return this.get(principal, id);
  }

  // Streamed in keyset batches: memory stays flat however many rows match.
  export(principal: Principal, filter: PostbackLogFilterDto): Readable {
    return Readable.from(this.csvLines(principal, filter));
  }

  private async *csvLines(
    principal: Principal,
    filter: PostbackLogFilterDto,
  ): AsyncGenerator<string> {
    yield CSV_COLUMNS.join(',') + '\r\n';
    let after: string | null = null;
    for (;;) {
      const qb = this.filtered(principal, filter).orderBy('d.id', 'DESC').limit(EXPORT_BATCH);
      if (after) qb.andWhere('d.id < :after', { after });
      const batch = await qb.getMany();
      const last = await this.lastAttempts(batch);
      const rules = await this.rulesOf(batch);
      for (const d of batch) yield csvRow(d, last.get(d.id), rules.get(d.postbackId));
      if (batch.length < EXPORT_BATCH) return;
      after = batch[batch.length - 1].id;
    }
  }

  // The log's rows for these filters, scoped to the caller; bulk retry selects from the same.
  filtered(principal: Principal, f: PostbackLogFilterDto): SelectQueryBuilder<Delivery> {
    if (principal.role === 'advertiser') throw forbidden();
    const qb = this.dataSource.getRepository(Delivery).createQueryBuilder('d');
    // Publishers see their own rules' deliveries, not the network's (CRM) rules firing on their traffic.
    if (principal.role === 'publisher') {
      qb.innerJoin('postbacks', 'p', 'p.id = d.postback_id AND p.publisher_id = :own', {
        own: principal.publisherId,
      });
    }
    const eq: [keyof PostbackLogFilterDto, string][] = [
      ['postbackId', 'd.postback_id'],
      ['publisherId', 'd.publisher_id'],
      ['offerId', 'd.offer_id'],
      ['transactionId', 'd.transaction_id'],
      ['externalTransactionId', 'd.external_transaction_id'],
      ['conversionId', 'd.conversion_id'],
      ['state', 'd.state'],
      ['statusCode', 'd.last_status_code'],
      ['type', 'd.type'],
    ];
    for (const [field, column] of eq) {
      if (f[field] !== undefined) qb.andWhere(`${column} = :${field}`, { [field]: f[field] });
    }
    if (f.from) qb.andWhere('d.created_at >= :from', { from: f.from });
    if (f.to) qb.andWhere('d.created_at < :to', { to: f.to });
    return qb;
  }

  private async withAttempts(deliveries: Delivery[]): Promise<PostbackLogView[]> {
    if (deliveries.length === 0) return [];
    const attempts = await this.dataSource
      .getRepository(DeliveryAttempt)
      .find({ where: { deliveryId: In(deliveries.map((d) => d.id)) } });
    const byDelivery = new Map<string, DeliveryAttempt[]>();
    for (const a of attempts)
      byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
    const rules = await this.rulesOf(deliveries);
    return deliveries.map((d) =>
      postbackLogView(d, byDelivery.get(d.id) ?? [], rules.get(d.postbackId)),
    );
  }

  // The deliveries' rules from the rules cache (a deleted rule is absent): for attemptsLeft.
  private async rulesOf(deliveries: Delivery[]): Promise<Map<number, LogRule>> {
    const out = new Map<number, LogRule>();
    for (const id of new Set(deliveries.map((d) => d.postbackId)))
      out.set(id, await this.rules.byId(id));
    return out;
  }

  // The latest attempt of each delivery, for the export's error columns.
  private async lastAttempts(deliveries: Delivery[]): Promise<Map<string, AttemptFacts>> {
    if (deliveries.length === 0) return new Map();
    const rows: (AttemptFacts & { deliveryId: string })[] = await this.dataSource.query(
      `SELECT DISTINCT ON (delivery_id) delivery_id AS "deliveryId", error,
              error_message AS "errorMessage", status_code AS "statusCode"
         FROM delivery_attempts WHERE delivery_id = ANY($1::uuid[])
        ORDER BY delivery_id, n DESC`,
      [deliveries.map((d) => d.id)],
    );
    return new Map(rows.map((a) => [a.deliveryId, a]));
  }
}
