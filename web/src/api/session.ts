import { queryOptions, useQuery } from '@tanstack/react-query';
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

export function useMe(): Me {
  const { data } = useQuery(meQuery);
  if (!data) throw new Error('useMe outside a signed-in screen');
  return data;
}
