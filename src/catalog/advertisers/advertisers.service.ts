import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import { diffFields, pickFields } from '../../audit/field-changes';
import { Principal } from '../../common/auth/principal';
import { forbidden, notFound } from '../../common/errors/domain-error';
import { randomToken } from '../../common/ids';
import { Page, paginate } from '../../common/pagination/pagination';
import { CatalogCache } from '../catalog-cache';
import { PartnerAccess } from '../partner-access';
import { Advertiser } from './advertiser.entity';
import {
  CreateAdvertiserDto,
  ListAdvertisersQueryDto,
  UpdateAdvertiserDto,
} from './advertiser.dto';

const AUDITED = ['name', 'status', 'postbackKey'] as const;
const SECRET = ['postbackKey'];

@Injectable()
export class AdvertisersService {
  constructor(
    @InjectRepository(Advertiser) private readonly advertisers: Repository<Advertiser>,
    private readonly cache: CatalogCache,
    private readonly access: PartnerAccess,
    private readonly audit: AuditLog,
  ) {}

  create(dto: CreateAdvertiserDto): Promise<Advertiser> {
    return this.advertisers.manager.transaction(async (manager) => {
      const saved = await manager.getRepository(Advertiser).save({
        name: dto.name,
        status: dto.status ?? 'active',
        postbackKey: randomToken(24),
      });
      await this.audit.append(manager, {
        entityType: 'advertiser',
        entityId: saved.id,
        action: 'created',
        changes: diffFields(null, pickFields(saved, AUDITED), SECRET),
      });
      return saved;
    });
  }

  async get(principal: Principal, id: number): Promise<Advertiser> {
    this.assertVisible(principal, id);
    const advertiser = await this.advertisers.findOneBy({ id });
    if (!advertiser) throw notFound('Advertiser', id);
    return advertiser;
  }

  list(principal: Principal, query: ListAdvertisersQueryDto): Promise<Page<Advertiser>> {
    const qb = this.advertisers.createQueryBuilder('a');
    if (principal.role === 'advertiser')
      qb.andWhere('a.id = :own', { own: principal.advertiserId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    return paginate(qb, query, { column: 'a.id', property: 'id' });
  }

  update(id: number, dto: UpdateAdvertiserDto): Promise<Advertiser> {
    return this.change(id, 'updated', (advertiser) => Object.assign(advertiser, dto));
  }

  rotatePostbackKey(id: number): Promise<Advertiser> {
    return this.change(id, 'rotated_key', (advertiser) => {
      advertiser.postbackKey = randomToken(24);
    });
  }

  // Read (locked), changed, saved and audited in one transaction.
  private async change(
    id: number,
    action: 'updated' | 'rotated_key',
    apply: (advertiser: Advertiser) => void,
  ): Promise<Advertiser> {
    const saved = await this.advertisers.manager.transaction(async (manager: EntityManager) => {
      const repo = manager.getRepository(Advertiser);
      const advertiser = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!advertiser) throw notFound('Advertiser', id);
      const before = pickFields(advertiser, AUDITED);
      apply(advertiser);
      const after = await repo.save(advertiser);
      await this.audit.append(manager, {
        entityType: 'advertiser',
        entityId: id,
        action,
        changes: diffFields(before, pickFields(after, AUDITED), SECRET),
      });
      return after;
    });
    this.cache.invalidateAdvertiser(id);
    // A paused advertiser's portal sessions end now.
    if (saved.status === 'paused') await this.access.lost('advertiser', id);
    return saved;
  }

  private assertVisible(principal: Principal, id: number): void {
    if (principal.role === 'advertiser' && principal.advertiserId !== id) throw forbidden();
  }
}
