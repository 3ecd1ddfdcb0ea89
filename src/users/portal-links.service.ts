import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { Partner } from '../catalog/partner-access';
import { notFound } from '../common/errors/domain-error';
import { randomToken } from '../common/ids';
import { SessionScope, SessionsService } from './sessions.service';

export const PORTAL_LINK_TTL_MS = 15 * 60 * 1000;
export type PortalPartner = Partner;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const TABLES: Record<PortalPartner, { table: string; noun: string }> = {
  publisher: { table: 'publishers', noun: 'Publisher' },
  advertiser: { table: 'advertisers', noun: 'Advertiser' },
};

// The one writer of portal_links: one-time links that open a session scoped to a partner.
@Injectable()
export class PortalLinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLog,
  ) {}

  // Audit-logged on the partner (never the token): who opened a way into its console, when.
  async create(partner: PortalPartner, id: number): Promise<{ token: string; expiresAt: Date }> {
    await this.partnerName(partner, id);
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + PORTAL_LINK_TTL_MS);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO portal_links (token_hash, publisher_id, advertiser_id, expires_at)
         VALUES ($1, $2, $3, $4)`,
        [
          sha256(token),
          partner === 'publisher' ? id : null,
          partner === 'advertiser' ? id : null,
          expiresAt,
        ],
      );
      await this.audit.append(manager, {
        entityType: partner,
        entityId: id,
        action: 'portal_link_created',
        changes: { portalLinkExpiresAt: { before: null, after: expiresAt.toISOString() } },
      });
    });
    return { token, expiresAt };
  }

  // Marks the link used in the statement that checks it, so two clicks can't both open a session.
  // A link to a publisher blocked or an advertiser paused since it was made opens nothing.
  async redeem(token: string): Promise<SessionScope | null> {
    const [rows]: [Array<{ publisher_id: number | null; advertiser_id: number | null }>, number] =
      await this.dataSource.query(
        `UPDATE portal_links l SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
            AND NOT EXISTS (SELECT 1 FROM publishers p
                             WHERE p.id = l.publisher_id AND p.status = 'blocked')
            AND NOT EXISTS (SELECT 1 FROM advertisers a
                             WHERE a.id = l.advertiser_id AND a.status = 'paused')
          RETURNING publisher_id, advertiser_id`,
        [sha256(token)],
      );
    const row = rows[0];
    if (!row) return null;
    return {
      userId: null,
      role: row.publisher_id !== null ? 'publisher' : 'advertiser',
      publisherId: row.publisher_id,
      advertiserId: row.advertiser_id,
    };
  }

  // Ends the partner's portal sessions now (404 for a partner that doesn't exist).
  async endSessions(partner: PortalPartner, id: number): Promise<void> {
    await this.partnerName(partner, id);
    await this.dataSource.transaction(async (manager) => {
      const ended = await this.sessions.endPortalSessionsOf(partner, id, manager);
      await this.audit.append(manager, {
        entityType: partner,
        entityId: id,
        action: 'portal_sessions_ended',
        changes: { portalSessions: { before: ended, after: 0 } },
      });
    });
  }

  // What a portal session is called: its partner's name.
  async partnerName(partner: PortalPartner, id: number): Promise<string> {
    const { table, noun } = TABLES[partner];
    const rows: Array<{ name: string }> = await this.dataSource.query(
      `SELECT name FROM ${table} WHERE id = $1`,
      [id],
    );
    if (rows.length === 0) throw notFound(noun, id);
    return rows[0].name;
  }

  // Run by the retention purge; used links are spent, expired ones refused anyway.
  async purgeSpent(now: Date): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM portal_links WHERE expires_at <= $1 OR used_at IS NOT NULL`,
      [now],
    );
    return count;
  }
}
