export interface ErrorDetail {
  field?: string;
  code?: string;
  message: string;
  [key: string]: unknown;
}

// A failure the caller can act on; the exception filter renders it in the SPEC §3 shape.
export class DomainError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string | number) =>
  new DomainError(404, 'not_found', `${what} ${id} not found`);

export const badRequest = (code: string, message: string, details: ErrorDetail[] = []) =>
  new DomainError(400, code, message, details);

export const forbidden = (message = 'This key may not do that') =>
  new DomainError(403, 'forbidden', message);

export const conflict = (code: string, message: string) => new DomainError(409, code, message);
