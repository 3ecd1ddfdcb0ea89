import { DomainError } from './domain-error';

// PostgreSQL text and jsonb cannot hold U+0000: a NUL that reached a query would be a 500.
const NUL = '\u0000';

// Dotted path of the first string (value or object key) holding a NUL, or null when none does.
// Keys are shown with the NUL spelled `\u0000` so the path stays printable.
export function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const name = key.replaceAll(NUL, '\\u0000');
    const childPath = path ? `${path}.${name}` : name;
    if (key.includes(NUL)) return childPath;
    const found = nulPath(child, childPath);
    if (found !== null) return found;
  }
  return null;
}

export function nulCharacterError(field: string): DomainError {
  return new DomainError(400, 'validation_failed', `Invalid request: ${field}`, [
    {
      field,
      code: 'nul_character',
      message: `${field} must not contain the NUL character (U+0000)`,
    },
  ]);
}
