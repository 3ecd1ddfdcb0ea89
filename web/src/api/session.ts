import { QueryClient, queryOptions } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { fetchMe } from './auth';
import type { Me } from './types';

// Who is signed in: null without a session. Refetched after sign-in and sign-out, and dropped
// to null when any call answers 401 (src/app.tsx).
export const meQuery = queryOptions({
  queryKey: ['me'] as const,
  queryFn: fetchMe,
  staleTime: Infinity,
  retry: false,
});

// Who is signed in changed (a sign-in, an invite accepted, a 401): everything cached was loaded
// for the one before and goes. The me query itself is set, not removed, so the screens watching
// it see the change.
export function switchSession(queryClient: QueryClient, me: Me | null): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQuery.queryKey[0] });
  queryClient.setQueryData(meQuery.queryKey, me);
}

// The signed-in person, as RequireSession last saw them. A context rather than the query: when a
// 401 drops the session, a screen may re-render before RequireSession sends it to sign-in.
export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in screen');
  return me;
}
