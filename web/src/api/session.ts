import { queryOptions } from '@tanstack/react-query';
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

// The signed-in person, as RequireSession last saw them. A context rather than the query: when a
// 401 drops the session, a screen may re-render before RequireSession sends it to sign-in.
export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in screen');
  return me;
}
