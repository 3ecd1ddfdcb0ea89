import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { Advertiser, Offer, Page, Preset, Publisher } from './types';

// Enough for the selects of a network of this size; a longer catalog needs a server-side search.
// Typed loosely: `limit` is a SPEC §3 list parameter the generated schema does not list yet.
const SELECT_PAGE: object = { limit: 500 };

export const catalogQueries = {
  publishers: () =>
    queryOptions({
      queryKey: ['publishers', 'list'] as const,
      queryFn: () =>
        unwrap<Page<Publisher>>(api.GET('/api/publishers', { params: { query: SELECT_PAGE } })),
      staleTime: 60_000,
    }),
  offers: () =>
    queryOptions({
      queryKey: ['offers', 'list'] as const,
      queryFn: () =>
        unwrap<Page<Offer>>(api.GET('/api/offers', { params: { query: SELECT_PAGE } })),
      staleTime: 60_000,
    }),
  advertisers: () =>
    queryOptions({
      queryKey: ['advertisers', 'list'] as const,
      queryFn: () =>
        unwrap<Page<Advertiser>>(api.GET('/api/advertisers', { params: { query: SELECT_PAGE } })),
      staleTime: 60_000,
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
};
