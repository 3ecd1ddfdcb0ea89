import type { PrincipalVia, UserRole } from '../common/auth/principal';
import type { User } from './user.entity';

// Response shapes of the console contract, as classes so the OpenAPI document describes them.

export class UserView {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  publisherId: number | null;
  advertiserId: number | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  disabled: boolean;
}

export class InviteLinkView {
  // <PUBLIC_BASE_URL or the request's origin>/app/invite/<token>; shown once.
  inviteUrl: string;
  inviteExpiresAt: Date;
}

// A user created without a password comes back with its invite link.
export class CreatedUserView extends UserView {
  inviteUrl?: string;
  inviteExpiresAt?: Date;
}

export class InviteView {
  email: string;
  name: string;
}

export class MeView {
  userId: number | null;
  email: string | null;
  name: string;
  role: UserRole;
  publisherId: number | null;
  advertiserId: number | null;
  // Send it as X-CSRF-Token on every cookie-authenticated POST, PUT, PATCH and DELETE.
  csrfToken: string | null;
  via: PrincipalVia;
}

export class PortalLinkView {
  // <PUBLIC_BASE_URL or the request's origin>/auth/portal/<token>; one-time.
  url: string;
  expiresAt: Date;
}

export function userView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    publisherId: user.publisherId,
    advertiserId: user.advertiserId,
    createdAt: user.createdAt,
    lastSignInAt: user.lastSignInAt,
    disabled: user.disabled,
  };
}

export function meOfUser(user: User, csrfToken: string | null): MeView {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    publisherId: user.publisherId,
    advertiserId: user.advertiserId,
    csrfToken,
    via: 'session',
  };
}
