import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import { diffFields, pickFields } from '../../audit/field-changes';
import { Principal } from '../../common/auth/principal';
import { forbidden, notFound } from '../../common/errors/domain-error';
import { Page, paginate } from '../../common/pagination/pagination';
import { CatalogCache } from '../catalog-cache';
import { PartnerAccess } from '../partner-access';
import { CreatePublisherDto, ListPublishersQueryDto, UpdatePublisherDto } from './publisher.dto';
import { Publisher } from './publisher.entity';

const AUDITED = ['name', 'status'] as const;

@Injectable()
export class PublishersService {
  constructor(
    @InjectRepository(Publisher) private readonly publishers: Repository<Publisher>,
    private readonly cache: CatalogCache,
    private readonly access: PartnerAccess,
    private readonly audit: AuditLog,
  ) {}

  create(dto: CreatePublisherDto): Promise<Publisher> {
    return this.publishers.manager.transaction(async (manager) => {
      const saved = await manager
        .getRepository(Publisher)
        .save({ name: dto.name, status: dto.status ?? 'active' });
      await this.audit.append(manager, {
        entityType: 'publisher',
        entityId: saved.id,
        action: 'created',
        changes: diffFields(null, pickFields(saved, AUDITED)),
        publisherId: saved.id,
      });
      return saved;
    });
  }

  // A publisher sees itself only; another publisher's id is refused without saying whether it exists.
  async get(principal: Principal, id: number): Promise<Publisher> {
    if (principal.role === 'publisher' && principal.publisherId !== id) throw forbidden();
    const publisher = await this.publishers.findOneBy({ id });
    if (!publisher) throw notFound('Publisher', id);
    return publisher;
  }

  list(principal: Principal, query: ListPublishersQueryDto): Promise<Page<Publisher>> {
    const qb = this.publishers.createQueryBuilder('p');
    if (principal.role === 'publisher') qb.andWhere('p.id = :own', { own: principal.publisherId });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    return paginate(qb, query, { column: 'p.id', property: 'id' });
  }

  async update(id: number, dto: UpdatePublisherDto): Promise<Publisher> {
    const saved = await this.publishers.manager.transaction(async (manager) => {
      const repo = manager.getRepository(Publisher);
      const publisher = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!publisher) throw notFound('Publisher', id);
      const before = pickFields(publisher, AUDITED);
      const after = await repo.save(Object.assign(publisher, dto));
      await this.audit.append(manager, {
        entityType: 'publisher',
        entityId: id,
        action: 'updated',
        changes: diffFields(before, pickFields(after, AUDITED)),
        publisherId: id,
      });
      return after;
    });
    this.cache.invalidatePublisher(id);
    // A blocked publisher's portal sessions end now.
    if (saved.status === 'blocked') await this.access.lost('publisher', id);
    return saved;
  }
}
