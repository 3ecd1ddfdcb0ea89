// A failed API call, from the SPEC §3 error body ({statusCode, error, message, details}).
export interface ErrorDetail {
  field?: string;
  code?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  // The failure in words a person can act on.
  get text(): string {
    if (this.status === 0)
      return 'The server could not be reached. Check the connection and try again.';
    if (this.status === 401) return 'Your session has ended. Sign in again.';
    if (this.status === 429) {
      const wait = this.retryAfterSeconds ? ` in ${this.retryAfterSeconds} seconds` : ' later';
      return `Too many attempts. Try again${wait}.`;
    }
    if (this.status >= 500) return `The server failed to answer (${this.message}). Try again.`;
    return this.message;
  }
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.text;
  return error instanceof Error ? error.message : String(error);
}

export function apiErrorOf(response: Response, body: unknown): ApiError {
  const parsed = (body ?? {}) as Partial<{
    error: string;
    message: string;
    details: ErrorDetail[];
  }>;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    parsed.error ?? 'http_error',
    parsed.message ?? `${response.status} ${response.statusText}`,
    Array.isArray(parsed.details) ? parsed.details : [],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

export const unreachable = (cause: unknown) =>
  new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
