import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Partner, PartnerAccess, PartnerAccessListener } from '../catalog/partner-access';
import type { UserRole } from '../common/auth/principal';
import type { User } from './user.entity';
import { newSessionToken, SESSION_TTL_MS, sessionIdOf } from './session-cookie';

// Whose session it is and what it may see; a portal session has no user.
export interface SessionScope {
  userId: number | null;
  role: UserRole;
  publisherId: number | null;
  advertiserId: number | null;
}

export function scopeOfUser(user: User): SessionScope {
  return {
    userId: user.id,
    role: user.role,
    publisherId: user.publisherId,
    advertiserId: user.advertiserId,
  };
}

export interface LiveSession extends SessionScope {
  id: string;
  // The user's email; null for a portal session.
  email: string | null;
  // Last touched over TOUCH_EVERY_MS ago: time to slide the expiry.
  stale: boolean;
}

// Sliding expiry costs a write at most this often per session, not on every request.
export const TOUCH_EVERY_MS = 60_000;
// A portal session slides only up to this long after it opened: the link that made it was handed
// out by another platform, and no one signs it out.
export const PORTAL_SESSION_MAX_MS = 12 * 3600 * 1000;

// The one writer of the sessions table. Every lookup reads PostgreSQL (no cache), so deleting a
// row or disabling its user ends the session on every replica at once.
@Injectable()
export class SessionsService implements OnModuleInit, PartnerAccessListener {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly partnerAccess: PartnerAccess,
  ) {}

  onModuleInit(): void {
    this.partnerAccess.listen(this);
  }

  // The new session's cookie token (shown once; only its hash is stored).
  async create(scope: SessionScope): Promise<string> {
    const token = newSessionToken();
    await this.dataSource.query(
      `INSERT INTO sessions (id, user_id, role, publisher_id, advertiser_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond')`,
      [
        sessionIdOf(token),
        scope.userId,
        scope.role,
        scope.publisherId,
        scope.advertiserId,
        SESSION_TTL_MS,
      ],
    );
    return token;
  }

  // The session a cookie token opens: unexpired, and its user (if any) not disabled.
  async find(token: string): Promise<LiveSession | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT s.id, s.user_id, s.role, s.publisher_id, s.advertiser_id, u.email,
              s.last_seen_at < now() - $2 * interval '1 millisecond' AS stale
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.expires_at > now() AND (s.user_id IS NULL OR NOT u.disabled)`,
      [sessionIdOf(token), TOUCH_EVERY_MS],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id as string,
      userId: row.user_id as number | null,
      email: row.email as string | null,
      role: row.role as UserRole,
      publisherId: row.publisher_id as number | null,
      advertiserId: row.advertiser_id as number | null,
      stale: row.stale as boolean,
    };
  }

  async touch(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sessions SET last_seen_at = now(),
              expires_at = CASE WHEN user_id IS NULL
                THEN LEAST(now() + $2 * interval '1 millisecond',
                           created_at + $3 * interval '1 millisecond')
                ELSE now() + $2 * interval '1 millisecond' END
        WHERE id = $1`,
      [id, SESSION_TTL_MS, PORTAL_SESSION_MAX_MS],
    );
  }

  async end(token: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE id = $1`, [sessionIdOf(token)]);
  }

  // Every session of a user, but the one `exceptId` names (the caller's own, when it changes its
  // own password).
  async endAllOf(userId: number, exceptId: string | null = null): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2`,
      [userId, exceptId],
    );
  }

  // The portal sessions of a partner (a person's sessions, bound to it or not, stay).
  // Answers how many ended; `manager`: the caller's transaction (its audit entry goes with it).
  async endPortalSessionsOf(
    partner: Partner,
    id: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const column = partner === 'publisher' ? 'publisher_id' : 'advertiser_id';
    const [, count]: [unknown, number] = await manager.query(
      `DELETE FROM sessions WHERE user_id IS NULL AND ${column} = $1`,
      [id],
    );
    return count;
  }

  async partnerLostAccess(partner: Partner, id: number): Promise<void> {
    await this.endPortalSessionsOf(partner, id);
  }

  // Run by the retention purge; an expired session is refused anyway, this only frees the rows.
  async purgeExpired(now: Date): Promise<number> {
    const [, count] = await this.dataSource.query(`DELETE FROM sessions WHERE expires_at <= $1`, [
      now,
    ]);
    return count as number;
  }
}
