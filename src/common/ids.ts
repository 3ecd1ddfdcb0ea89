import { randomBytes } from 'node:crypto';

// URL-safe random token; 16 bytes = 128 random bits (SPEC §5.1 asks for at least 122).
export function randomToken(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}
