import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Advertiser } from './advertisers/advertiser.entity';
import { Offer } from './offers/offer.entity';
import { Publisher } from './publishers/publisher.entity';

// Short enough that a pause made in another process takes effect quickly.
export const CATALOG_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

interface Entry<T> {
  value: T | null;
  expiresAt: number;
}

class TtlCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly pending = new Map<K, Promise<V | null>>();

  constructor(private readonly load: (key: K) => Promise<V | null>) {}

  // Concurrent misses for one key share a single query.
  get(key: K): Promise<V | null> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now()) return Promise.resolve(hit.value);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const loading = this.load(key)
      .then((value) => {
        if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
        this.entries.set(key, { value, expiresAt: Date.now() + CATALOG_CACHE_TTL_MS });
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, loading);
    return loading;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

// In-memory lookups for the hot paths (/click, /impression, advertiser intake), so they cost no catalog query.
@Injectable()
export class CatalogCache {
  private readonly offers: TtlCache<number, Offer>;
  private readonly publishers: TtlCache<number, Publisher>;
  private readonly advertisersByKey: TtlCache<string, Advertiser>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.offers = new TtlCache((id) => dataSource.getRepository(Offer).findOneBy({ id }));
    this.publishers = new TtlCache((id) => dataSource.getRepository(Publisher).findOneBy({ id }));
    this.advertisersByKey = new TtlCache((postbackKey) =>
      dataSource.getRepository(Advertiser).findOneBy({ postbackKey }),
    );
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

  invalidateOffer(id: number): void {
    this.offers.delete(id);
  }

  invalidatePublisher(id: number): void {
    this.publishers.delete(id);
  }

  // Keyed by postback key, so a rotation or pause drops every advertiser entry.
  invalidateAdvertiser(_id: number): void {
    this.advertisersByKey.clear();
  }
}
