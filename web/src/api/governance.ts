import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { operations } from './schema';
import type { AuditEntry, Page, PostbackRule, RuleRevision, Settings } from './types';

export type AuditListQuery = NonNullable<
  operations['AuditLogController_list']['parameters']['query']
>;

export const AUDIT_PAGE_SIZE = 50;

// Query keys and fetchers of settings, rule revisions and the audit log (SPEC §13). A decision
// on a rule invalidates the rules' keys and these.
export const governanceQueries = {
  settings: () =>
    queryOptions({
      queryKey: ['settings'] as const,
      queryFn: () => unwrap<Settings>(api.GET('/api/settings')),
    }),
  revisions: (ruleId: number) =>
    queryOptions({
      queryKey: ['revisions', ruleId] as const,
      queryFn: () =>
        unwrap<RuleRevision[]>(
          api.GET('/api/postbacks/{id}/revisions', { params: { path: { id: ruleId } } }),
        ),
    }),
  auditAll: ['audit-log'] as const,
  audit: (query: AuditListQuery) =>
    queryOptions({
      queryKey: [...governanceQueries.auditAll, query] as const,
      queryFn: () => unwrap<Page<AuditEntry>>(api.GET('/api/audit-log', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
};

export function updateSettings(body: Partial<Settings>): Promise<Settings> {
  return unwrap(api.PUT('/api/settings', { body }));
}

// `revision`: the one the manager reviewed; a newer one waiting instead is refused (409).
export function approveRule(id: number, revision: number): Promise<PostbackRule> {
  return unwrap(
    api.POST('/api/postbacks/{id}/approve', { params: { path: { id } }, body: { revision } }),
  );
}

export function rejectRule(id: number, revision: number, reason: string): Promise<PostbackRule> {
  return unwrap(
    api.POST('/api/postbacks/{id}/reject', {
      params: { path: { id } },
      body: { revision, reason },
    }),
  );
}
