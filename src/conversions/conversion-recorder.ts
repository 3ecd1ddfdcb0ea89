import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { CatalogCache } from '../catalog/catalog-cache';
import { Offer } from '../catalog/offers/offer.entity';
import { DomainError, notFound } from '../common/errors/domain-error';
import { uuidv7 } from '../common/ids';
import { formatMoney } from '../common/money';
import { preparedQuery, PreparedQuery } from '../database/prepared-query';
import { insertPlannedSql, plannedRowColumns } from '../deliveries/delivery-store';
import { DeliveryScheduler } from '../postbacks/delivery/delivery-scheduler';
import type { ConversionTrigger, ScheduledDelivery } from '../postbacks/delivery/delivery-trigger';
import { Click } from '../tracking/click.entity';
import { ChangeRequest, IncomingAmounts, mergeAmounts, planChange } from './conversion-changes';
import { ChangeSource, ConversionPatch, ConversionReport, Reporter } from './conversion-report';
import { ConversionStatusChange } from './conversion-status-change.entity';
import { Conversion } from './conversion.entity';
import { CurrencyRatesService } from './currency/currency-rates.service';
import { MetricsService } from '../metrics/metrics.service';

export type RecordOutcome = 'created' | 'updated' | 'duplicate';

export interface RecordResult {
  outcome: RecordOutcome;
  conversion: Conversion;
  // The S2S intake only: amounts it could not convert (currency_unknown, payout_unparsed, …).
  warnings: string[];
}

export interface ChangeResult {
  changed: boolean;
  conversion: Conversion;
}

interface Written<T> {
  result: T;
  // The conversion entered a status: postback rules react to it (null = nothing to fire).
  trigger: ConversionTrigger | null;
}

// A new conversion, its first history row and the deliveries it fires, in one statement (atomic
// on its own): a conversion reported once costs one round trip and no explicit transaction.
// Nothing at all is written when the identity exists; the row comes back whole otherwise
// (`columns`: every column of the entity, named, so a column added later can't change it).
const createSql = (columns: string) => `
  WITH created AS (
    INSERT INTO conversions (id, transaction_id, offer_id, publisher_id, advertiser_id, event,
      advertiser_transaction_id, status, rejection_reason, payout, revenue, currency,
      original_payout, original_revenue, original_currency, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
    ON CONFLICT (transaction_id, COALESCE(event, ''), COALESCE(advertiser_transaction_id, ''))
    DO NOTHING
    RETURNING ${columns}
  ), history AS (
    INSERT INTO conversion_status_changes
      (conversion_id, from_status, to_status, rejection_reason, source)
    SELECT id, NULL, status, rejection_reason, $17::varchar FROM created
  ), scheduled AS (
    ${insertPlannedSql(18, 'EXISTS (SELECT 1 FROM created)')}
  )
  SELECT ${columns} FROM created`;

// Every conversion write (API, PATCH, S2S intake) goes through here, so each new conversion and
// each status change schedules its postbacks in its own transaction (SPEC §8).
@Injectable()
export class ConversionRecorder {
  private readonly query: PreparedQuery;
  private readonly createConversionSql: string;
  private readonly clickSql: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogCache,
    private readonly rates: CurrencyRatesService,
    private readonly scheduler: DeliveryScheduler,
    private readonly metrics: MetricsService,
  ) {
    this.query = preparedQuery(dataSource);
    const columns = dataSource.getMetadata(Conversion).columns.map((c) => c.databaseName);
    this.createConversionSql = createSql(columns.join(', '));
    const clickColumns = dataSource.getMetadata(Click).columns.map((c) => c.databaseName);
    this.clickSql = `SELECT ${clickColumns.join(', ')} FROM clicks WHERE transaction_id = $1 LIMIT 1`;
  }

  // Identity (transactionId, event, advertiserTransactionId): new → created; same status →
  // duplicate (nothing changes, nothing fires); another status → updated as a PATCH would.
  async record(report: ConversionReport, reporter: Reporter): Promise<RecordResult> {
    const click = await this.clickOf(report.transactionId);
    if (!click) throw transactionNotFound(report.transactionId);
    const offer = await this.offerOf(click.offerId);
    if (reporter.advertiserId !== null && offer.advertiserId !== reporter.advertiserId) {
      // An advertiser key must not learn that someone else's click exists; the postback URL
      // is the advertiser's own integration, so there the mismatch is worth naming.
      if (reporter.source !== 'intake') throw transactionNotFound(report.transactionId);
      throw new DomainError(
        409,
        'offer_mismatch',
        `The click's offer ${offer.id} belongs to another advertiser`,
      );
    }
    // SPEC §5.2: the intake never loses a conversion over its amounts; the API reads strictly.
    const { amounts, warnings } = await this.rates.toOfferCurrency(
      report,
      offer.currency,
      reporter.source === 'intake' ? 'lenient' : 'strict',
    );
    const created = await this.create(report, click, offer, amounts, reporter.source);
    if (created) return { outcome: 'created', conversion: created, warnings };

    // The identity exists (conversions are never deleted): a repeat or a status change.
    return this.writeAndSchedule<RecordResult>(async (m) => {
      const existing = await lockIdentity(m, report);
      if (existing.status === report.status)
        return { result: { outcome: 'duplicate', conversion: existing, warnings }, trigger: null };
      // Reported amounts are in the offer's currency; a conversion made before the offer's
      // currency changed keeps its money.
      const request = {
        status: report.status,
        rejectionReason: report.rejectionReason,
        amounts: existing.currency === offer.currency ? amounts : undefined,
      };
      const written = await this.apply(m, existing, request, reporter, { click, offer });
      return {
        result: { outcome: 'updated', conversion: written.result.conversion, warnings },
        trigger: written.trigger,
      };
    });
  }

  // PATCH /api/conversions/:id; advertisers only for conversions on their own offers.
  async change(id: string, patch: ConversionPatch, reporter: Reporter): Promise<ChangeResult> {
    return this.writeAndSchedule(async (m) => {
      const existing = await m
        .getRepository(Conversion)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id = :id', { id })
        .getOne();
      if (
        !existing ||
        (reporter.advertiserId !== null && existing.advertiserId !== reporter.advertiserId)
      )
        throw notFound('Conversion', id);
      // PATCH amounts are in the conversion's own currency.
      const amounts: IncomingAmounts = { originalCurrency: null };
      if (patch.payout !== undefined) amounts.payout = { value: patch.payout, original: null };
      if (patch.revenue !== undefined) amounts.revenue = { value: patch.revenue, original: null };
      const request = { status: patch.status, rejectionReason: patch.rejectionReason, amounts };
      return this.apply(m, existing, request, reporter, null);
    });
  }

  // The delivery seam (SPEC §8): the conversion write and the deliveries it schedules commit
  // together; the queue jobs are added only after commit. Duplicates schedule nothing.
  private async writeAndSchedule<T>(work: (m: EntityManager) => Promise<Written<T>>): Promise<T> {
    const { result, trigger, scheduled } = await this.dataSource.transaction(async (m) => {
      const written = await work(m);
      const scheduled = written.trigger
        ? await this.scheduler.scheduleInTransaction(m, [written.trigger])
        : [];
      return { ...written, scheduled };
    });
    if (trigger) await this.afterCommit(trigger, scheduled);
    return result;
  }

  private async afterCommit(trigger: ConversionTrigger, scheduled: ScheduledDelivery[]) {
    this.metrics.conversions.inc({ status: trigger.conversion.status });
    await this.scheduler.enqueueAfterCommit(scheduled);
  }

  // The conversion as the statement will store it: its deliveries' macros are taken from it
  // before it is written, so its values are the stored ones (money as the column returns it).
  private async create(
    report: ConversionReport,
    click: Click,
    offer: Offer,
    incoming: IncomingAmounts,
    source: ChangeSource,
  ): Promise<Conversion | null> {
    const amounts = mergeAmounts(
      {
        payout: offer.payout,
        revenue: offer.revenue,
        originalPayout: null,
        originalRevenue: null,
        originalCurrency: null,
      },
      incoming,
    );
    const now = new Date();
    const conversion = Object.assign(new Conversion(), {
      id: uuidv7(now.getTime()),
      transactionId: report.transactionId,
      offerId: click.offerId,
      publisherId: click.publisherId,
      advertiserId: offer.advertiserId,
      event: report.event,
      advertiserTransactionId: report.advertiserTransactionId,
      status: report.status,
      rejectionReason: report.status === 'rejected' ? report.rejectionReason : null,
      payout: formatMoney(amounts.payout),
      revenue: formatMoney(amounts.revenue),
      currency: offer.currency,
      originalPayout: amounts.originalPayout === null ? null : formatMoney(amounts.originalPayout),
      originalRevenue:
        amounts.originalRevenue === null ? null : formatMoney(amounts.originalRevenue),
      originalCurrency: amounts.originalCurrency,
      createdAt: now,
      updatedAt: now,
    } satisfies Conversion);
    const trigger = fired(conversion, click, offer);
    const plan = await this.scheduler.plan([trigger]);
    const c = conversion;
    const rows = await this.query<Record<string, unknown>>(
      'create-conversion',
      this.createConversionSql,
      [
        c.id,
        c.transactionId,
        c.offerId,
        c.publisherId,
        c.advertiserId,
        c.event,
        c.advertiserTransactionId,
        c.status,
        c.rejectionReason,
        c.payout,
        c.revenue,
        c.currency,
        c.originalPayout,
        c.originalRevenue,
        c.originalCurrency,
        now,
        source,
        ...plannedRowColumns(plan.rows),
      ],
    );
    if (rows.length === 0) return null;
    await this.afterCommit(trigger, plan.scheduled);
    return hydrate(this.dataSource.manager, Conversion, rows[0]);
  }

  private async apply(
    m: EntityManager,
    existing: Conversion,
    request: ChangeRequest,
    reporter: Reporter,
    context: { click: Click; offer: Offer } | null,
  ): Promise<Written<ChangeResult>> {
    const plan = planChange(existing, request, reporter.actor);
    if (Object.keys(plan.fields).length === 0)
      return { result: { changed: false, conversion: existing }, trigger: null };
    await m.update(Conversion, { id: existing.id }, plan.fields);
    const conversion = await m.findOneByOrFail(Conversion, { id: existing.id });
    if (!plan.statusChanged) return { result: { changed: true, conversion }, trigger: null };

    await addHistory(
      m,
      conversion.id,
      existing.status,
      conversion.status,
      conversion.rejectionReason,
      reporter.source,
    );
    // Loaded with the transaction's own connection: a second pool connection per open
    // transaction could exhaust the pool under load. The click may be gone after click
    // retention; the trigger then renders without it.
    const trigger = context
      ? fired(conversion, context.click, context.offer)
      : fired(
          conversion,
          await m.findOneBy(Click, { transactionId: conversion.transactionId }),
          await m.findOneByOrFail(Offer, { id: conversion.offerId }),
        );
    return { result: { changed: true, conversion }, trigger };
  }

  // Every conversion reported looks its click up: a named statement, not a query built anew.
  private async clickOf(transactionId: string): Promise<Click | null> {
    const rows = await this.query<Record<string, unknown>>(
      'click-by-transaction-id',
      this.clickSql,
      [transactionId],
    );
    return rows.length === 0 ? null : hydrate(this.dataSource.manager, Click, rows[0]);
  }

  private async offerOf(id: number): Promise<Offer> {
    const offer = await this.catalog.offer(id);
    // Offers are never deleted, so a click always has one.
    if (!offer) throw new Error(`offer ${id} of a click is missing`);
    return offer;
  }
}

// A raw row as TypeORM would have loaded it: column names to properties, types and transformers
// (money formatting) applied.
function hydrate<T extends object>(
  m: EntityManager,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const metadata = m.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    const value = m.connection.driver.prepareHydratedValue(row[column.databaseName], column);
    column.setEntityValue(entity, value);
  }
  return entity;
}

function fired(conversion: Conversion, click: Click | null, offer: Offer): ConversionTrigger {
  return { kind: 'conversion', conversion, click, offer };
}

async function lockIdentity(m: EntityManager, report: ConversionReport): Promise<Conversion> {
  const existing = await m
    .getRepository(Conversion)
    .createQueryBuilder('c')
    .setLock('pessimistic_write')
    .where('c.transaction_id = :tid', { tid: report.transactionId })
    .andWhere(`COALESCE(c.event, '') = :event`, { event: report.event ?? '' })
    .andWhere(`COALESCE(c.advertiser_transaction_id, '') = :atid`, {
      atid: report.advertiserTransactionId ?? '',
    })
    .getOne();
  // ON CONFLICT saw the row, and conversions are never deleted.
  if (!existing) throw new Error(`conversion ${report.transactionId} vanished after a conflict`);
  return existing;
}

async function addHistory(
  m: EntityManager,
  conversionId: string,
  fromStatus: Conversion['status'] | null,
  toStatus: Conversion['status'],
  rejectionReason: string | null,
  source: ChangeSource,
): Promise<void> {
  await m.insert(ConversionStatusChange, {
    conversionId,
    fromStatus,
    toStatus,
    rejectionReason,
    source,
  });
}

export function transactionNotFound(transactionId: string): DomainError {
  return new DomainError(
    404,
    'transaction_id_not_found',
    `No click has transaction id ${JSON.stringify(transactionId.slice(0, 64))}`,
  );
}
