import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import { diffFields, FieldChanges, pickFields } from '../../audit/field-changes';
import { Principal } from '../../common/auth/principal';
import { badRequest, notFound } from '../../common/errors/domain-error';
import { Page, paginate } from '../../common/pagination/pagination';
import { lintOfferUrl } from '../../postbacks/templates/template-linter';
import { Advertiser } from '../advertisers/advertiser.entity';
import { CatalogCache } from '../catalog-cache';
import { CreateOfferDto, ListOffersQueryDto, UpdateOfferDto } from './offer.dto';
import { Offer } from './offer.entity';

const AUDITED = ['name', 'advertiserId', 'url', 'status', 'payout', 'revenue', 'currency'] as const;

@Injectable()
export class OffersService {
  constructor(
    @InjectRepository(Offer) private readonly offers: Repository<Offer>,
    @InjectRepository(Advertiser) private readonly advertisers: Repository<Advertiser>,
    private readonly cache: CatalogCache,
    private readonly audit: AuditLog,
  ) {}

  async create(dto: CreateOfferDto): Promise<Offer> {
    await this.checkAdvertiser(dto.advertiserId);
    checkUrl(dto.url);
    return this.offers.manager.transaction(async (manager) => {
      const repo = manager.getRepository(Offer);
      const { id } = await repo.save({ ...dto, status: dto.status ?? 'active' });
      // Read back: money as the column formats it.
      const saved = await repo.findOneByOrFail({ id });
      await this.record(manager, id, 'created', diffFields(null, pickFields(saved, AUDITED)));
      return saved;
    });
  }

  async get(principal: Principal, id: number): Promise<Offer> {
    const offer = await this.offers.findOneBy({ id });
    // Out-of-scope offers answer 404, the same as unknown ones, so ids leak nothing.
    if (!offer || !isVisible(principal, offer)) throw notFound('Offer', id);
    return offer;
  }

  list(principal: Principal, query: ListOffersQueryDto): Promise<Page<Offer>> {
    const qb = this.offers.createQueryBuilder('o');
    if (principal.role === 'publisher') qb.andWhere(`o.status = 'active'`);
    if (principal.role === 'advertiser')
      qb.andWhere('o.advertiser_id = :own', { own: principal.advertiserId });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.advertiserId) qb.andWhere('o.advertiser_id = :adv', { adv: query.advertiserId });
    return paginate(qb, query, { column: 'o.id', property: 'id' });
  }

  async update(id: number, dto: UpdateOfferDto): Promise<Offer> {
    if (dto.advertiserId !== undefined) await this.checkAdvertiser(dto.advertiserId);
    if (dto.url !== undefined) checkUrl(dto.url);
    const saved = await this.offers.manager.transaction(async (manager) => {
      const repo = manager.getRepository(Offer);
      const offer = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!offer) throw notFound('Offer', id);
      const before = pickFields(offer, AUDITED);
      await repo.save(Object.assign(offer, dto));
      const after = await repo.findOneByOrFail({ id });
      await this.record(manager, id, 'updated', diffFields(before, pickFields(after, AUDITED)));
      return after;
    });
    this.cache.invalidateOffer(id);
    return saved;
  }

  private record(
    manager: EntityManager,
    id: number,
    action: 'created' | 'updated',
    changes: FieldChanges,
  ): Promise<void> {
    return this.audit.append(manager, { entityType: 'offer', entityId: id, action, changes });
  }

  private async checkAdvertiser(advertiserId: number): Promise<void> {
    if (!(await this.advertisers.existsBy({ id: advertiserId }))) {
      throw badRequest('validation_failed', `advertiserId ${advertiserId} does not exist`, [
        { field: 'advertiserId', message: `advertiserId ${advertiserId} does not exist` },
      ]);
    }
  }
}

function isVisible(principal: Principal, offer: Offer): boolean {
  if (principal.role === 'publisher') return offer.status === 'active';
  if (principal.role === 'advertiser') return offer.advertiserId === principal.advertiserId;
  return true;
}

function checkUrl(url: string): void {
  const issues = lintOfferUrl(url);
  if (issues.length > 0) {
    throw badRequest(
      'validation_failed',
      `Invalid request: url (${issues[0].message})`,
      issues.map((issue) => ({ ...issue, field: 'url' })),
    );
  }
}
