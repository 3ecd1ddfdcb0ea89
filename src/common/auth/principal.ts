export const USER_ROLES = ['admin', 'publisher', 'advertiser'] as const;
export type UserRole = (typeof USER_ROLES)[number];

// Who is calling: resolved from the API key by the guard, passed to services for scoping.
export interface Principal {
  role: UserRole;
  keyId: number | null; // null for the bootstrap ADMIN_API_KEY
  publisherId: number | null;
  advertiserId: number | null;
}

export const isAdmin = (p: Principal) => p.role === 'admin';
