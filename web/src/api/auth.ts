import { csrfHeaders, setCsrfToken } from './client';
import { apiErrorOf, unreachable } from './errors';
import type { Me } from './types';

// Sign-in, invites and /api/me by plain fetch, typed from the console auth contract: the
// generated schema does not hold these endpoints yet. Swap to `api` once it does.
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...csrfHeaders(method),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw unreachable(error);
  }
  if (!response.ok) throw await apiErrorOf(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

function remember(me: Me): Me {
  setCsrfToken(me.csrfToken);
  return me;
}

// The signed-in person, or null when there is no session.
export async function fetchMe(): Promise<Me | null> {
  try {
    return remember(await call<Me>('GET', '/api/me'));
  } catch (error) {
    if ((error as { status?: number }).status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function signIn(email: string, password: string): Promise<Me> {
  return remember(await call<Me>('POST', '/auth/sign-in', { email, password }));
}

export async function signOut(): Promise<void> {
  await call<void>('POST', '/auth/sign-out');
  setCsrfToken(null);
}

export function fetchInvite(token: string): Promise<{ email: string; name: string }> {
  return call('GET', `/auth/invites/${encodeURIComponent(token)}`);
}

export async function acceptInvite(token: string, password: string): Promise<Me> {
  return remember(
    await call<Me>('POST', `/auth/invites/${encodeURIComponent(token)}/accept`, { password }),
  );
}
