import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Principal } from '../common/auth/principal';
import { notFound } from '../common/errors/domain-error';
import { Page, paginate } from '../common/pagination/pagination';
import { ChangeResult, ConversionRecorder, RecordResult } from './conversion-recorder';
import { Reporter } from './conversion-report';
import { ConversionStatusChange } from './conversion-status-change.entity';
import { Conversion } from './conversion.entity';
import {
  CreateConversionDto,
  ListConversionsQueryDto,
  UpdateConversionDto,
} from './conversion.dto';

export interface ConversionWithHistory {
  conversion: Conversion;
  history: ConversionStatusChange[];
}

// The management API over conversions; every write goes through ConversionRecorder.
@Injectable()
export class ConversionsService {
  constructor(
    @InjectRepository(Conversion) private readonly conversions: Repository<Conversion>,
    @InjectRepository(ConversionStatusChange)
    private readonly changes: Repository<ConversionStatusChange>,
    private readonly recorder: ConversionRecorder,
  ) {}

  create(principal: Principal, dto: CreateConversionDto): Promise<RecordResult> {
    return this.recorder.record(
      {
        transactionId: dto.transactionId,
        status: dto.status ?? 'approved',
        event: dto.event ?? null,
        advertiserTransactionId: dto.advertiserTransactionId ?? null,
        payout: dto.payout ?? null,
        revenue: dto.revenue ?? null,
        currency: dto.currency ?? null,
        rejectionReason: dto.rejectionReason ?? null,
      },
      reporterFor(principal, 'api'),
    );
  }

  async update(
    principal: Principal,
    id: string,
    dto: UpdateConversionDto,
  ): Promise<ConversionWithHistory> {
    const { conversion }: ChangeResult = await this.recorder.change(
      id,
      dto,
      reporterFor(principal, 'patch'),
    );
    return { conversion, history: await this.history(id) };
  }

  async get(principal: Principal, id: string): Promise<ConversionWithHistory> {
    const conversion = await this.conversions.findOneBy({ id });
    // Out-of-scope conversions answer 404 like unknown ones.
    if (!conversion || !isVisible(principal, conversion)) throw notFound('Conversion', id);
    return { conversion, history: await this.history(id) };
  }

  list(principal: Principal, query: ListConversionsQueryDto): Promise<Page<Conversion>> {
    const qb = this.conversions.createQueryBuilder('c');
    if (principal.role === 'publisher')
      qb.andWhere('c.publisher_id = :ownPublisher', { ownPublisher: principal.publisherId });
    if (principal.role === 'advertiser')
      qb.andWhere('c.advertiser_id = :ownAdvertiser', { ownAdvertiser: principal.advertiserId });
    if (query.offerId) qb.andWhere('c.offer_id = :offerId', { offerId: query.offerId });
    if (query.publisherId)
      qb.andWhere('c.publisher_id = :publisherId', { publisherId: query.publisherId });
    if (query.advertiserId)
      qb.andWhere('c.advertiser_id = :advertiserId', { advertiserId: query.advertiserId });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.transactionId)
      qb.andWhere('c.transaction_id = :transactionId', { transactionId: query.transactionId });
    if (query.from) qb.andWhere('c.created_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('c.created_at < :to', { to: new Date(query.to) });
    // UUIDv7 ids are time-ordered, so the id is the newest-first key.
    return paginate(qb, query, { column: 'c.id', property: 'id' });
  }

  private history(conversionId: string): Promise<ConversionStatusChange[]> {
    return this.changes.find({ where: { conversionId }, order: { id: 'ASC' } });
  }
}

function reporterFor(principal: Principal, source: 'api' | 'patch'): Reporter {
  return principal.role === 'admin'
    ? { source, actor: 'admin', advertiserId: null }
    : { source, actor: 'advertiser', advertiserId: principal.advertiserId };
}

function isVisible(principal: Principal, conversion: Conversion): boolean {
  if (principal.role === 'publisher') return conversion.publisherId === principal.publisherId;
  if (principal.role === 'advertiser') return conversion.advertiserId === principal.advertiserId;
  return true;
}
