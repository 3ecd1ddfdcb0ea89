import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { operations } from './schema';
import type { CreatedUser, InviteLink, NewUser, Page, User, UserChanges } from './types';

export type UserListQuery = NonNullable<operations['UsersController_list']['parameters']['query']>;

export const USERS_PAGE_SIZE = 25;

// Query keys and fetchers of console users, one factory (mutations invalidate `all`).
export const userQueries = {
  all: ['users'] as const,
  list: (query: UserListQuery) =>
    queryOptions({
      queryKey: [...userQueries.all, 'list', query] as const,
      queryFn: () => unwrap<Page<User>>(api.GET('/api/users', { params: { query } })),
      placeholderData: keepPreviousData,
    }),
};

export function createUser(body: NewUser): Promise<CreatedUser> {
  return unwrap(api.POST('/api/users', { body }));
}

export function updateUser(id: number, body: UserChanges): Promise<User> {
  return unwrap(api.PATCH('/api/users/{id}', { params: { path: { id } }, body }));
}

// A fresh invite link; the user's previous one stops working.
export function newInviteLink(id: number): Promise<InviteLink> {
  return unwrap(api.POST('/api/users/{id}/invite', { params: { path: { id } } }));
}
