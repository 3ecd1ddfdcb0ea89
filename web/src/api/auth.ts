import { api, setSession, unwrap } from './client';
import type { Me } from './types';

// Sign-in, sign-out, invites and who is signed in. The CSRF token of the session is kept for
// the client's unsafe requests.
function remember(me: Me): Me {
  setSession(me);
  return me;
}

// The signed-in person, or null when there is no session.
export async function fetchMe(): Promise<Me | null> {
  try {
    return remember(await unwrap<Me>(api.GET('/api/me')));
  } catch (error) {
    if ((error as { status?: number }).status !== 401) throw error;
    setSession(null);
    return null;
  }
}

export async function signIn(email: string, password: string): Promise<Me> {
  return remember(await unwrap<Me>(api.POST('/auth/sign-in', { body: { email, password } })));
}

export async function signOut(): Promise<void> {
  await unwrap(api.POST('/auth/sign-out'));
  setSession(null);
}

export function fetchInvite(token: string): Promise<{ email: string; name: string }> {
  return unwrap(api.GET('/auth/invites/{token}', { params: { path: { token } } }));
}

export async function acceptInvite(token: string, password: string): Promise<Me> {
  return remember(
    await unwrap<Me>(
      api.POST('/auth/invites/{token}/accept', { params: { path: { token } }, body: { password } }),
    ),
  );
}
