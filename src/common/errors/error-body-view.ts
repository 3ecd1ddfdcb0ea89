// The SPEC §3 error shape every failure is answered with; one schema (ErrorBody) in the
// OpenAPI document for all of them.
export class ErrorBodyDetail {
  // The failing field, dotted for nested ones (headers.X-Token, sample.status).
  field?: string;
  code?: string;
  message: string;
}

export class ErrorBody {
  statusCode: number;
  // A stable code to branch on, e.g. validation_failed, not_found, invalid_postback_key.
  error: string;
  message: string;
  details: ErrorBodyDetail[];
  // Only on a 500: quote it when reporting the failure.
  errorId?: string;
}
