import { ApiError } from '../api/errors';

// The API's refusal as errors on the form fields it names; null when some of it belongs to no
// field of the form, so it is said above the form instead.
export function fieldErrorsOf(
  error: unknown,
  fields: ReadonlySet<string>,
): Record<string, string> | null {
  if (!(error instanceof ApiError) || error.details.length === 0) return null;
  const errors: Record<string, string> = {};
  for (const { field, message } of error.details) {
    if (!field || !fields.has(field)) return null;
    errors[field] ??= message;
  }
  return errors;
}
