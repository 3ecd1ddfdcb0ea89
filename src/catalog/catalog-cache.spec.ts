import { DataSource } from 'typeorm';
import { inProcessInvalidations } from '../../test/helpers/in-process-invalidations';
import { Advertiser } from './advertisers/advertiser.entity';
import { CatalogCache } from './catalog-cache';
import { Offer } from './offers/offer.entity';

// A stand-in for the repositories' findOneBy: offers 1..10 and advertiser key "known" exist.
function setup() {
  const loads = { offers: 0, advertisers: 0 };
  const dataSource = {
    getRepository: (entity: unknown) => ({
      findOneBy: (where: { id?: number; postbackKey?: string }) => {
        if (entity === Offer) {
          loads.offers++;
          return Promise.resolve(where.id! <= 10 ? { id: where.id } : null);
        }
        if (entity === Advertiser) {
          loads.advertisers++;
          return Promise.resolve(where.postbackKey === 'known' ? { id: 1 } : null);
        }
        return Promise.resolve(null);
      },
    }),
  } as unknown as DataSource;
  return { catalog: new CatalogCache(dataSource, inProcessInvalidations()), loads };
}

describe('CatalogCache', () => {
  // lru-cache reads its clock from performance.now(): frozen, nothing expires however long a
  // flood takes on a busy machine.
  beforeEach(() => jest.spyOn(performance, 'now').mockReturnValue(1_000_000));
  afterEach(() => jest.restoreAllMocks());

  it('keeps known offers cached through a flood of 100,000 unknown offer ids', async () => {
    const { catalog, loads } = setup();
    for (let id = 1; id <= 10; id++) expect(await catalog.offer(id)).toEqual({ id });
    for (let id = 1_000; id < 101_000; id++) expect(await catalog.offer(id)).toBeNull();
    expect(loads.offers).toBe(10 + 100_000);
    for (let id = 1; id <= 10; id++) expect(await catalog.offer(id)).toEqual({ id });
    expect(loads.offers).toBe(10 + 100_000);
  });

  it('keeps a known advertiser cached through a flood of unknown postback keys', async () => {
    const { catalog, loads } = setup();
    expect(await catalog.advertiserByPostbackKey('known')).toEqual({ id: 1 });
    for (let i = 0; i < 100_000; i++) await catalog.advertiserByPostbackKey(`guess-${i}`);
    expect(await catalog.advertiserByPostbackKey('known')).toEqual({ id: 1 });
    expect(loads.advertisers).toBe(1 + 100_000);
  });

  it('loads an offer again after it is invalidated, and every advertiser after one is', async () => {
    const { catalog, loads } = setup();
    await catalog.offer(1);
    await catalog.offer(2);
    catalog.invalidateOffer(1);
    await catalog.offer(1);
    await catalog.offer(2);
    expect(loads.offers).toBe(3);

    await catalog.advertiserByPostbackKey('known');
    await catalog.advertiserByPostbackKey('unknown');
    catalog.invalidateAdvertiser(1);
    await catalog.advertiserByPostbackKey('known');
    await catalog.advertiserByPostbackKey('unknown');
    expect(loads.advertisers).toBe(4);
  });
});
