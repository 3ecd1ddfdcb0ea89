export const USER_ROLES = ['admin', 'publisher', 'advertiser'] as const;
export type UserRole = (typeof USER_ROLES)[number];

// How the caller proved who it is: an API key, a person's session, or a portal link's session.
export type PrincipalVia = 'api_key' | 'session' | 'portal';

// Who is calling: resolved by the guard from an API key or a session cookie, passed to services
// for scoping. A session has exactly the scope of a key of the same role and binding.
export interface Principal {
  role: UserRole;
  keyId: number | null; // null for the bootstrap ADMIN_API_KEY and for sessions
  publisherId: number | null;
  advertiserId: number | null;
  via: PrincipalVia;
  userId: number | null; // the signed-in person; null for keys and portal sessions
  sessionId: string | null; // the sessions row (a hash of the cookie); null for keys
  // Who it is in words, for the audit log: the key's name, the person's email, or the portal's
  // partner.
  label: string;
}

export const isAdmin = (p: Principal) => p.role === 'admin';
