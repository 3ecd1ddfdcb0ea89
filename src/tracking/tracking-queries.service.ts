import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Principal } from '../common/auth/principal';
import { notFound } from '../common/errors/domain-error';
import { TIME_ORDERED_TOKEN } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { Click } from './click.entity';
import { Impression } from './impression.entity';
import { tokenKeyAt } from './token-boundary';
import { ListClicksQueryDto, ListImpressionsQueryDto } from './tracking-query.dto';

// What a click or impression id can look like (timeOrderedToken); anything else is not found.
const TOKEN = TIME_ORDERED_TOKEN;

// Click and impression lookups for the API, scoped to what the caller may see.
@Injectable()
export class TrackingQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async click(principal: Principal, transactionId: string): Promise<Click> {
    const click = TOKEN.test(transactionId)
      ? await scoped(this.dataSource.getRepository(Click).createQueryBuilder('c'), principal)
          .andWhere('c.transaction_id = :transactionId', { transactionId })
          .getOne()
      : null;
    // Out of scope answers like unknown, so ids leak nothing.
    if (!click) throw notFound('Click', transactionId);
    return click;
  }

  clicks(principal: Principal, query: ListClicksQueryDto): Promise<Page<Click>> {
    const qb = scoped(this.dataSource.getRepository(Click).createQueryBuilder('c'), principal);
    filter(qb, query, 'clicks', 'transaction_id');
    if (query.externalTransactionId !== undefined)
      qb.andWhere('c.external_transaction_id = :ext', { ext: query.externalTransactionId });
    return paginate(qb, query, { column: 'c.transaction_id', property: 'transactionId' });
  }

  async impression(principal: Principal, id: string): Promise<Impression> {
    const impression = TOKEN.test(id)
      ? await scoped(this.dataSource.getRepository(Impression).createQueryBuilder('c'), principal)
          .andWhere('c.id = :id', { id })
          .getOne()
      : null;
    if (!impression) throw notFound('Impression', id);
    return impression;
  }

  impressions(principal: Principal, query: ListImpressionsQueryDto): Promise<Page<Impression>> {
    const qb = scoped(this.dataSource.getRepository(Impression).createQueryBuilder('c'), principal);
    filter(qb, query, 'impressions', 'id');
    return paginate(qb, query, { column: 'c.id', property: 'id' });
  }
}

// Publishers see their own traffic, advertisers the traffic on their own offers.
function scoped<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  principal: Principal,
): SelectQueryBuilder<E> {
  if (principal.role === 'publisher')
    qb.andWhere('c.publisher_id = :scopePublisher', { scopePublisher: principal.publisherId ?? 0 });
  if (principal.role === 'advertiser')
    qb.andWhere('c.offer_id IN (SELECT o.id FROM offers o WHERE o.advertiser_id = :scopeAdv)', {
      scopeAdv: principal.advertiserId ?? 0,
    });
  return qb;
}

// Ids start with their creation time, so a time range is a key range of the primary key.
function filter<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  query: ListImpressionsQueryDto,
  table: 'clicks' | 'impressions',
  key: 'transaction_id' | 'id',
): void {
  if (query.offerId !== undefined) qb.andWhere('c.offer_id = :offerId', { offerId: query.offerId });
  if (query.publisherId !== undefined)
    qb.andWhere('c.publisher_id = :publisherId', { publisherId: query.publisherId });
  if (query.from !== undefined) {
    const from = tokenKeyAt(table, key, Date.parse(query.from), 'from');
    qb.andWhere(`c.${key} >= ${from.sql}`, from.params);
  }
  if (query.to !== undefined) {
    const to = tokenKeyAt(table, key, Date.parse(query.to), 'to');
    qb.andWhere(`c.${key} < ${to.sql}`, to.params);
  }
}
