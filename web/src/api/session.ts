import { QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
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

// A screen that re-renders for its own data in the moment between a 401 clearing Me and
// RequireSession taking it away keeps the Me it had, instead of crashing the page.
export function useMe(): Me {
  const { data } = useQuery(meQuery);
  const last = useRef(data);
  if (data) last.current = data;
  if (!last.current) throw new Error('useMe outside a signed-in screen');
  return last.current;
}
