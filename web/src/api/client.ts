import createClient, { type Middleware } from 'openapi-fetch';
import { apiErrorOf, unreachable } from './errors';
import type { paths } from './schema';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// The session's CSRF token (from Me), sent on every unsafe request the console makes.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !SAFE_METHODS.has(request.method))
      request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

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
