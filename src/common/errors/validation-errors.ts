import { ValidationError } from 'class-validator';
import { DomainError, ErrorDetail } from './domain-error';

// Flattens nested class-validator errors into `{field, message}` entries with dotted paths.
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [code, message] of Object.entries(error.constraints ?? {})) {
      details.push({
        field,
        code: code === 'whitelistValidation' ? 'unknown_field' : code,
        message: code === 'whitelistValidation' ? `${field} is not a known field` : message,
      });
    }
    if (error.children?.length) details.push(...flattenValidationErrors(error.children, field));
  }
  return details;
}

export function validationFailed(errors: ValidationError[]): DomainError {
  const details = flattenValidationErrors(errors);
  const fields = [...new Set(details.map((d) => d.field))].join(', ');
  return new DomainError(400, 'validation_failed', `Invalid request: ${fields}`, details);
}
