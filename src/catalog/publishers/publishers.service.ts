import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { forbidden, notFound } from '../../common/errors/domain-error';
import { Page, paginate } from '../../common/pagination/pagination';
import { CatalogCache } from '../catalog-cache';
import { PartnerAccess } from '../partner-access';
import { CreatePublisherDto, ListPublishersQueryDto, UpdatePublisherDto } from './publisher.dto';
import { Publisher } from './publisher.entity';

@Injectable()
export class PublishersService {
  constructor(
    @InjectRepository(Publisher) private readonly publishers: Repository<Publisher>,
    private readonly cache: CatalogCache,
    private readonly access: PartnerAccess,
  ) {}

  create(dto: CreatePublisherDto): Promise<Publisher> {
    return this.publishers.save({ name: dto.name, status: dto.status ?? 'active' });
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
    const publisher = await this.publishers.findOneBy({ id });
    if (!publisher) throw notFound('Publisher', id);
    const saved = await this.publishers.save(Object.assign(publisher, dto));
    this.cache.invalidatePublisher(id);
    // A blocked publisher's portal sessions end now.
    if (saved.status === 'blocked') await this.access.lost('publisher', id);
    return saved;
  }
}
