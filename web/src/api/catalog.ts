import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { operations } from './schema';
import type {
  Advertiser,
  AdvertiserChanges,
  NewAdvertiser,
  NewOffer,
  NewPublisher,
  Offer,
  OfferChanges,
  Page,
  PortalLink,
  Preset,
  PresetId,
  Publisher,
  PublisherChanges,
  TrackingLink,
} from './types';

// Enough for the selects of a network of this size; a longer catalog needs a server-side search.
// Typed loosely: `limit` is a SPEC §3 list parameter the generated schema does not list yet.
const SELECT_PAGE: object = { limit: 500 };

export const CATALOG_PAGE_SIZE = 25;

type QueryOf<Operation extends keyof operations> = NonNullable<
  operations[Operation]['parameters']['query']
>;
export type AdvertiserListQuery = QueryOf<'AdvertisersController_list'>;
export type PublisherListQuery = QueryOf<'PublishersController_list'>;
export type OfferListQuery = QueryOf<'OffersController_list'>;

// Query keys and fetchers of the catalog, one factory; a change invalidates its resource's
// first key (`['offers']`), so every list and page of it refetches.
export const catalogQueries = {
  publishers: () =>
    queryOptions({
      queryKey: ['publishers', 'list'] as const,
      queryFn: () =>
        unwrap<Page<Publisher>>(api.GET('/api/publishers', { params: { query: SELECT_PAGE } })),
      staleTime: 60_000,
    }),
  publisherPage: (query: PublisherListQuery) =>
    queryOptions({
      queryKey: ['publishers', 'page', query] as const,
      queryFn: () => unwrap<Page<Publisher>>(api.GET('/api/publishers', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
  publisher: (id: number) =>
    queryOptions({
      queryKey: ['publishers', 'detail', id] as const,
      queryFn: () =>
        unwrap<Publisher>(api.GET('/api/publishers/{id}', { params: { path: { id } } })),
    }),
  offers: () =>
    queryOptions({
      queryKey: ['offers', 'list'] as const,
      queryFn: () =>
        unwrap<Page<Offer>>(api.GET('/api/offers', { params: { query: SELECT_PAGE } })),
      staleTime: 60_000,
    }),
  offerPage: (query: OfferListQuery) =>
    queryOptions({
      queryKey: ['offers', 'page', query] as const,
      queryFn: () => unwrap<Page<Offer>>(api.GET('/api/offers', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
  offer: (id: number) =>
    queryOptions({
      queryKey: ['offers', 'detail', id] as const,
      queryFn: () => unwrap<Offer>(api.GET('/api/offers/{id}', { params: { path: { id } } })),
    }),
  advertisers: () =>
    queryOptions({
      queryKey: ['advertisers', 'list'] as const,
      queryFn: () =>
        unwrap<Page<Advertiser>>(api.GET('/api/advertisers', { params: { query: SELECT_PAGE } })),
      staleTime: 60_000,
    }),
  advertiserPage: (query: AdvertiserListQuery) =>
    queryOptions({
      queryKey: ['advertisers', 'page', query] as const,
      queryFn: () => unwrap<Page<Advertiser>>(api.GET('/api/advertisers', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
  advertiser: (id: number) =>
    queryOptions({
      queryKey: ['advertisers', 'detail', id] as const,
      queryFn: () =>
        unwrap<Advertiser>(api.GET('/api/advertisers/{id}', { params: { path: { id } } })),
    }),
  presets: () =>
    queryOptions({
      queryKey: ['presets'] as const,
      queryFn: () => unwrap<Preset[]>(api.GET('/api/postback-presets')),
      staleTime: Infinity,
    }),
  // A publisher key names no publisherId: the API fills in its own.
  trackingLink: (
    offerId: number,
    publisherId: number | undefined,
    presetId: PresetId | undefined,
  ) =>
    queryOptions({
      queryKey: ['tracking-links', offerId, publisherId ?? 'own', presetId ?? 'none'] as const,
      queryFn: () =>
        unwrap<TrackingLink>(
          api.GET('/api/offers/{id}/tracking-link', {
            params: { path: { id: offerId }, query: { publisherId, presetId } },
          }),
        ),
    }),
};

export function createAdvertiser(body: NewAdvertiser): Promise<Advertiser> {
  return unwrap(api.POST('/api/advertisers', { body }));
}

export function updateAdvertiser(id: number, body: AdvertiserChanges): Promise<Advertiser> {
  return unwrap(api.PATCH('/api/advertisers/{id}', { params: { path: { id } }, body }));
}

// A new key: the advertiser's old postback URL stops working at once.
export function rotatePostbackKey(id: number): Promise<Advertiser> {
  return unwrap(
    api.POST('/api/advertisers/{id}/rotate-postback-key', { params: { path: { id } } }),
  );
}

export function createPublisher(body: NewPublisher): Promise<Publisher> {
  return unwrap(api.POST('/api/publishers', { body }));
}

export function updatePublisher(id: number, body: PublisherChanges): Promise<Publisher> {
  return unwrap(api.PATCH('/api/publishers/{id}', { params: { path: { id } }, body }));
}

export function createOffer(body: NewOffer): Promise<Offer> {
  return unwrap(api.POST('/api/offers', { body }));
}

export function updateOffer(id: number, body: OfferChanges): Promise<Offer> {
  return unwrap(api.PATCH('/api/offers/{id}', { params: { path: { id } }, body }));
}

export type Partner = 'publisher' | 'advertiser';

// A one-time link (15 minutes) into the console as the partner.
export function createPortalLink(partner: Partner, id: number): Promise<PortalLink> {
  const params = { params: { path: { id } } };
  return unwrap(
    partner === 'publisher'
      ? api.POST('/api/publishers/{id}/portal-link', params)
      : api.POST('/api/advertisers/{id}/portal-link', params),
  );
}

export function endPortalSessions(partner: Partner, id: number): Promise<void> {
  const params = { params: { path: { id } } };
  return unwrap(
    partner === 'publisher'
      ? api.DELETE('/api/publishers/{id}/portal-sessions', params)
      : api.DELETE('/api/advertisers/{id}/portal-sessions', params),
  );
}
