import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { operations } from './schema';
import type {
  Page,
  PostbackLog,
  PostbackRule,
  PresetId,
  Preview,
  RuleBody,
  RuleHealth,
  SavedRule,
} from './types';

export type RuleListQuery = NonNullable<
  operations['PostbackRulesController_list']['parameters']['query']
>;

export const RULES_PAGE_SIZE = 25;

// Query keys and fetchers of postback rules, one factory (mutations invalidate `all`).
export const ruleQueries = {
  all: ['rules'] as const,
  list: (query: RuleListQuery) =>
    queryOptions({
      queryKey: [...ruleQueries.all, 'list', query] as const,
      queryFn: () => unwrap<Page<PostbackRule>>(api.GET('/api/postbacks', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
  detail: (id: number) =>
    queryOptions({
      queryKey: [...ruleQueries.all, 'detail', id] as const,
      queryFn: () =>
        unwrap<PostbackRule>(api.GET('/api/postbacks/{id}', { params: { path: { id } } })),
    }),
  health: (id: number) =>
    queryOptions({
      queryKey: [...ruleQueries.all, 'health', id] as const,
      queryFn: () =>
        unwrap<RuleHealth>(
          api.GET('/api/postbacks/{id}/health', {
            params: { path: { id }, query: { window: '24h' } },
          }),
        ),
    }),
  preview: (body: RuleBody) =>
    queryOptions({
      queryKey: ['rule-preview', body] as const,
      queryFn: () => unwrap<Preview>(api.POST('/api/postbacks/preview', { body })),
      placeholderData: keepPreviousData,
      retry: false,
    }),
};

export function createRule(body: RuleBody): Promise<SavedRule> {
  return unwrap(api.POST('/api/postbacks', { body }));
}

export function updateRule(id: number, body: Partial<RuleBody>): Promise<SavedRule> {
  return unwrap(api.PATCH('/api/postbacks/{id}', { params: { path: { id } }, body }));
}

export function sendTest(id: number): Promise<PostbackLog> {
  return unwrap(api.POST('/api/postbacks/{id}/test', { params: { path: { id } }, body: {} }));
}

export function renderPreset(
  presetId: PresetId,
  input: { fields: Record<string, string>; publisherId?: number | null; offerIds: number[] },
): Promise<RuleBody & { name: string }> {
  return unwrap(
    api.POST('/api/postback-presets/{id}/render', {
      params: { path: { id: presetId } },
      body: input,
    }),
  );
}
