import type { UserRole } from './principal';

// A key as listed: never the key nor its hash, only its first characters to tell keys apart.
export class ApiKeyView {
  id: number;
  name: string;
  role: UserRole;
  publisherId: number | null;
  advertiserId: number | null;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

// The answer to creating a key: the only time the key itself is shown.
export class CreatedApiKey {
  id: number;
  key: string;
  name: string;
  role: UserRole;
}
