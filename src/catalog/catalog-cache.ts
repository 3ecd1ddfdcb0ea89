import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CacheInvalidations } from '../queue/cache-invalidations';
import { LookupCache, LookupCacheOptions } from '../common/lookup-cache';
import { Advertiser } from './advertisers/advertiser.entity';
import { Offer } from './offers/offer.entity';
import { Publisher } from './publishers/publisher.entity';

// Without Redis, a pause made in another process takes effect within this time.
export const CATALOG_CACHE_TTL_MS = 5_000;
// Per kind (offers, publishers, advertisers).
export const CATALOG_CACHE_MAX_KNOWN = 50_000;
export const CATALOG_CACHE_MAX_MISSING = 10_000;

// In-memory lookups for the hot paths (/click, /impression, advertiser intake), so they cost no catalog query.
@Injectable()
export class CatalogCache {
  private readonly offers: LookupCache<number, Offer>;
  private readonly publishers: LookupCache<number, Publisher>;
  private readonly advertisersByKey: LookupCache<string, Advertiser>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly invalidations: CacheInvalidations,
  ) {
    const options: LookupCacheOptions = {
      ttlMs: CATALOG_CACHE_TTL_MS,
      maxKnown: CATALOG_CACHE_MAX_KNOWN,
      maxMissing: CATALOG_CACHE_MAX_MISSING,
    };
    this.offers = new LookupCache(
      (id) => dataSource.getRepository(Offer).findOneBy({ id }),
      options,
    );
    this.publishers = new LookupCache(
      (id) => dataSource.getRepository(Publisher).findOneBy({ id }),
      options,
    );
    this.advertisersByKey = new LookupCache(
      (postbackKey) => dataSource.getRepository(Advertiser).findOneBy({ postbackKey }),
      options,
    );
    invalidations.on('offer', (id) =>
      id === undefined ? this.offers.clear() : this.offers.delete(id),
    );
    invalidations.on('publisher', (id) =>
      id === undefined ? this.publishers.clear() : this.publishers.delete(id),
    );
    // Keyed by postback key, so a rotation or pause drops every advertiser entry.
    invalidations.on('advertiser', () => this.advertisersByKey.clear());
  }

  offer(id: number): Promise<Offer | null> {
    return this.offers.get(id);
  }

  publisher(id: number): Promise<Publisher | null> {
    return this.publishers.get(id);
  }

  advertiserByPostbackKey(key: string): Promise<Advertiser | null> {
    return this.advertisersByKey.get(key);
  }

  // Every process drops the entry: this one at once, the others when Redis tells them.
  invalidateOffer(id: number): void {
    this.invalidations.invalidate('offer', id);
  }

  invalidatePublisher(id: number): void {
    this.invalidations.invalidate('publisher', id);
  }

  invalidateAdvertiser(id: number): void {
    this.invalidations.invalidate('advertiser', id);
  }
}
