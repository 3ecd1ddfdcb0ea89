import type { Role } from '../api/types';

// A role as people call it.
export const ROLE_WORDS: Record<Role, string> = {
  admin: 'Network manager',
  publisher: 'Publisher',
  advertiser: 'Advertiser',
};
