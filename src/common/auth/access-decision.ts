import { Principal, UserRole } from './principal';

export type AccessDecision = 'allow' | 'unauthorized' | 'forbidden';

// The guard's whole policy, kept pure so every branch is unit-tested.
export function decideAccess(
  isPublic: boolean,
  principal: Principal | null,
  allowedRoles: readonly UserRole[] | undefined,
): AccessDecision {
  if (isPublic) return 'allow';
  if (!principal) return 'unauthorized';
  if (allowedRoles && allowedRoles.length > 0 && !allowedRoles.includes(principal.role))
    return 'forbidden';
  return 'allow';
}

// `Authorization: Bearer <key>` or `X-Api-Key: <key>`.
export function extractApiKey(
  headers: Record<string, string | string[] | undefined>,
): string | null {
  const authorization = headers['authorization'];
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : null;
}
