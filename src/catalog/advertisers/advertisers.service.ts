import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
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

@Injectable()
export class AdvertisersService {
  constructor(
    @InjectRepository(Advertiser) private readonly advertisers: Repository<Advertiser>,
    private readonly cache: CatalogCache,
    private readonly access: PartnerAccess,
  ) {}

  create(dto: CreateAdvertiserDto): Promise<Advertiser> {
    return this.advertisers.save({
      name: dto.name,
      status: dto.status ?? 'active',
      postbackKey: randomToken(24),
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

  async update(id: number, dto: UpdateAdvertiserDto): Promise<Advertiser> {
    const advertiser = await this.advertisers.findOneBy({ id });
    if (!advertiser) throw notFound('Advertiser', id);
    const saved = await this.advertisers.save(Object.assign(advertiser, dto));
    this.cache.invalidateAdvertiser(id);
    // A paused advertiser's portal sessions end now.
    if (saved.status === 'paused') await this.access.lost('advertiser', id);
    return saved;
  }

  async rotatePostbackKey(id: number): Promise<Advertiser> {
    const advertiser = await this.advertisers.findOneBy({ id });
    if (!advertiser) throw notFound('Advertiser', id);
    advertiser.postbackKey = randomToken(24);
    const saved = await this.advertisers.save(advertiser);
    this.cache.invalidateAdvertiser(id);
    return saved;
  }

  private assertVisible(principal: Principal, id: number): void {
    if (principal.role === 'advertiser' && principal.advertiserId !== id) throw forbidden();
  }
}
