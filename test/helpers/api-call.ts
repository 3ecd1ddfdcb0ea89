import { request } from 'undici';

export interface ApiResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  // Bounds the whole exchange, so a hung server fails the test instead of stalling it.
  timeoutMs?: number;
}

// One API call as the tests make them: JSON in and out, the admin key unless told otherwise.
export async function callApi<T = any>(
  server: { baseUrl: string; adminKey: string; label: string },
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse<T>> {
  const key = options.key === undefined ? server.adminKey : options.key;
  const headers: Record<string, string> = { ...options.headers };
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  let response: Awaited<ReturnType<typeof request>>;
  let text: string;
  try {
    response = await request(`${server.baseUrl}${path}`, {
      method: method as any,
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.body.text();
  } catch (error) {
    if ((error as Error).name !== 'TimeoutError') throw error;
    throw new Error(`${method} ${path}: no answer from ${server.label} within ${timeoutMs} ms`);
  }
  let parsed: unknown = text;
  if (String(response.headers['content-type'] ?? '').includes('json') && text)
    parsed = JSON.parse(text);
  return { status: response.statusCode, headers: response.headers, body: parsed as T, text };
}
