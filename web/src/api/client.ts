import createClient, { type Middleware } from 'openapi-fetch';
import { apiErrorOf, unreachable } from './errors';
import type { paths } from './schema';
import type { Me } from './types';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// The session's CSRF token (from Me), sent on every unsafe request the console makes, and who
// it was given to.
let csrfToken: string | null = null;
let owner: string | null = null;
const ownerOf = (me: Me) => [me.via, me.userId, me.role, me.publisherId, me.advertiserId].join();

export function setSession(me: Me | null): void {
  csrfToken = me?.csrfToken ?? null;
  owner = me && ownerOf(me);
}

// An untouched copy of each unsafe request, for the one retry after a csrf_failed.
const copies = new WeakMap<Request, Request>();

const csrf: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return request;
    if (csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    copies.set(request, request.clone());
    return request;
  },
  // A stale token (the cookie was replaced, e.g. a sign-in in another tab): the current one from
  // /api/me, then the request once more.
  async onResponse({ request, response }) {
    const copy = copies.get(request);
    if (!copy || response.status !== 403) return response;
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { error?: string } | null;
    if (body?.error !== 'csrf_failed' || !(await refreshCsrfToken())) return response;
    copy.headers.set('X-CSRF-Token', csrfToken!);
    return fetch(copy);
  },
};

// False when the session is gone or is now someone else's: a write meant for one person is
// never retried as another.
async function refreshCsrfToken(): Promise<boolean> {
  const response = await fetch('/api/me', { credentials: 'same-origin' });
  if (!response.ok) return false;
  const me = (await response.json()) as Me;
  if (owner === null || ownerOf(me) !== owner || !me.csrfToken) return false;
  setSession(me);
  return true;
}

// Same origin: the session cookie rides along; no API key ever lives in the browser.
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

interface Outcome {
  data?: unknown;
  error?: unknown;
  response: Response;
}

// The data of a successful call, typed by the caller (the schema's responses are untyped yet),
// or an ApiError in words.
export async function unwrap<T>(call: Promise<Outcome>): Promise<T> {
  let outcome: Outcome;
  try {
    outcome = await call;
  } catch (error) {
    throw unreachable(error);
  }
  if (!outcome.response.ok) throw apiErrorOf(outcome.response, outcome.error ?? null);
  return outcome.data as T;
}
