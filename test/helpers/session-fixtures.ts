import { ApiResponse, CallOptions, TestApp } from './test-app';

// The pm_session value a response sets ('' when it clears the cookie), or undefined.
export function sessionCookieSet(res: ApiResponse): string | undefined {
  const header = res.headers['set-cookie'];
  const line = [header ?? []].flat().find((value) => value.startsWith('pm_session='));
  return line === undefined ? undefined : line.slice('pm_session='.length).split(';')[0];
}

export interface BrowserOptions extends Omit<CallOptions, 'key'> {
  // false: no X-CSRF-Token; a string: that one instead of the session's.
  csrf?: boolean | string;
  // null: no Origin header; default: the app's own origin, as a browser on the console sends.
  origin?: string | null;
}

// A browser on the console: keeps the pm_session cookie it is given and sends it back, with the
// session's CSRF token and a same-origin Origin on writes unless told otherwise.
export class Browser {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(private readonly t: TestApp) {}

  async call<T = any>(method: string, path: string, options: BrowserOptions = {}) {
    const { csrf = true, origin = this.t.baseUrl, headers = {}, ...rest } = options;
    const sent: Record<string, string> = { ...headers };
    if (this.cookie !== null) sent.cookie = `pm_session=${this.cookie}`;
    if (origin !== null) sent.origin = origin;
    const token = csrf === true ? this.csrfToken : csrf === false ? null : csrf;
    if (token !== null) sent['x-csrf-token'] = token;
    const res = await this.t.call<T>(method, path, { ...rest, key: null, headers: sent });
    const set = sessionCookieSet(res);
    if (set !== undefined) this.cookie = set === '' ? null : set;
    if (typeof (res.body as any)?.csrfToken === 'string')
      this.csrfToken = (res.body as any).csrfToken;
    return res;
  }

  get = <T = any>(path: string, options?: BrowserOptions) => this.call<T>('GET', path, options);
  post = <T = any>(path: string, body?: unknown, options?: BrowserOptions) =>
    this.call<T>('POST', path, { ...options, body });
  patch = <T = any>(path: string, body?: unknown, options?: BrowserOptions) =>
    this.call<T>('PATCH', path, { ...options, body });
  delete = <T = any>(path: string, options?: BrowserOptions) =>
    this.call<T>('DELETE', path, options);

  async signIn(email: string, password: string): Promise<ApiResponse> {
    const res = await this.post('/auth/sign-in', { email, password });
    if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${res.text}`);
    return res;
  }
}

let emails = 0;

// A user created through the API with a password, and a browser signed in as it.
export async function signedInUser(
  t: TestApp,
  fields: Record<string, unknown> = { role: 'admin' },
): Promise<{ user: any; browser: Browser; password: string }> {
  const password = 'a long enough password';
  const email = `user${++emails}-${Date.now()}@net.example`;
  const created = await t.post('/api/users', { email, name: 'Someone', password, ...fields });
  if (created.status !== 201) throw new Error(`user: ${created.status} ${created.text}`);
  const browser = new Browser(t);
  await browser.signIn(email, password);
  return { user: created.body, browser, password };
}
