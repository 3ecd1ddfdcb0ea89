import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type {
  ApiKey,
  CreatedApiKey,
  CurrencyRate,
  CurrencyRateList,
  NewApiKey,
  Page,
} from './types';

// API keys and currency rates: short lists the API answers in one page.
export const accessQueries = {
  apiKeys: () =>
    queryOptions({
      queryKey: ['api-keys'] as const,
      queryFn: () => unwrap<Page<ApiKey>>(api.GET('/api/api-keys')),
    }),
  currencyRates: () =>
    queryOptions({
      queryKey: ['currency-rates'] as const,
      queryFn: () => unwrap<CurrencyRateList>(api.GET('/api/currency-rates')),
    }),
};

export function createApiKey(body: NewApiKey): Promise<CreatedApiKey> {
  return unwrap(api.POST('/api/api-keys', { body }));
}

export function revokeApiKey(id: number): Promise<void> {
  return unwrap(api.DELETE('/api/api-keys/{id}', { params: { path: { id } } }));
}

export function putCurrencyRate(code: string, rate: string): Promise<CurrencyRate> {
  return unwrap(
    api.PUT('/api/currency-rates/{code}', { params: { path: { code } }, body: { rate } }),
  );
}
