import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { MeContext, meQuery } from '../api/session';
import type { Me, Role } from '../api/types';
import { NotFoundPage } from './not-found-page';
import { ErrorState } from './states';

export function useMeOrNull(): Me | null {
  return useQuery(meQuery).data ?? null;
}

// Signed-in screens: without a session, the sign-in form (coming back here after); with the
// wrong role, the not-found state (a role never learns what another role's screens are).
export function RequireSession({ roles }: { roles?: Role[] }) {
  const location = useLocation();
  const me = useQuery(meQuery);
  if (me.isPending) {
    return (
      <Center h="60vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (roles && !roles.includes(me.data.role)) return <NotFoundPage />;
  return (
    <MeContext.Provider value={me.data}>
      <Outlet />
    </MeContext.Provider>
  );
}
