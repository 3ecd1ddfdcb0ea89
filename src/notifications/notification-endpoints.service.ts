import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { diffFields } from '../audit/field-changes';
import { parseCidrList } from '../common/cidr';
import { Principal } from '../common/auth/principal';
import { badRequest, forbidden, notFound } from '../common/errors/domain-error';
import { decodeCursor, encodeCursor, Page } from '../common/pagination/pagination';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../common/pagination/page-query.dto';
import { AppConfig } from '../config/app-config';
import { AddressPolicy } from '../postbacks/delivery/address-policy';
import { destinationIssue } from '../postbacks/rules/postback-rule-checks';
import { CreateNotificationEndpointDto } from './notification-endpoint.dto';
import { EndpointRow, endpointView, NotificationEndpointView, NotificationView } from './notification-views';

const ENDPOINT_COLUMNS = `id, publisher_id, url, events, signing_secret IS NOT NULL AS has_signing_secret,
  created_at, created_by`;

// The one writer of `notification_endpoints` (SPEC §13): an admin's are the network's (or made
// for a publisher), a publisher's hear about its own rules only. Creation and deletion are
// audit-logged with the secret redacted.
@Injectable()
export class NotificationEndpointsService {
  private readonly policy: AddressPolicy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    config: AppConfig,
  ) {
    this.policy = new AddressPolicy(parseCidrList(config.POSTBACK_ALLOWED_CIDRS));
  }

  async create(
    principal: Principal,
    dto: CreateNotificationEndpointDto,
  ): Promise<NotificationEndpointView> {
    const publisherId = await this.ownerFor(principal, dto.publisherId);
    const destination = destinationIssue(dto.url, this.policy);
    if (destination) throw badRequest('validation_failed', destination.message, [destination]);
    const row = await this.dataSource.transaction(async (manager) => {
      const [created]: EndpointRow[] = await manager.query(
        `INSERT INTO notification_endpoints (publisher_id, url, events, signing_secret, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${ENDPOINT_COLUMNS}`,
        [publisherId, dto.url, dto.events, dto.signingSecret ?? null, principal.label.slice(0, 254)],
      );
      await this.audit.append(manager, {
        entityType: 'notification_endpoint',
        entityId: created.id,
        action: 'created',
        changes: diffFields(null, auditedFields(created, dto.signingSecret ?? null), ['signingSecret']),
        publisherId,
      });
      return created;
    });
    return endpointView(row);
  }

  async list(principal: Principal, query: PageQueryDto): Promise<Page<NotificationEndpointView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = query.cursor ? Number(decodeCursor(query.cursor, 'int')) : null;
    const rows: EndpointRow[] = await this.dataSource.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM notification_endpoints
        WHERE ($1::int IS NULL OR publisher_id = $1) AND ($2::int IS NULL OR id < $2)
        ORDER BY id DESC LIMIT $3`,
      [ownScope(principal), cursor, limit + 1],
    );
    return page(rows.map(endpointView), limit, (e) => String(e.id));
  }

  async get(principal: Principal, id: number): Promise<NotificationEndpointView> {
    const [row]: EndpointRow[] = await this.dataSource.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM notification_endpoints
        WHERE id = $1 AND ($2::int IS NULL OR publisher_id = $2)`,
      [id, ownScope(principal)],
    );
    // Another publisher's endpoint answers like an unknown one.
    if (!row) throw notFound('Notification endpoint', id);
    return endpointView(row);
  }

  // Its notifications go with it.
  async remove(principal: Principal, id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [rows]: [(EndpointRow & { signing_secret: string | null })[], number] =
        await manager.query(
          `DELETE FROM notification_endpoints
            WHERE id = $1 AND ($2::int IS NULL OR publisher_id = $2)
           RETURNING ${ENDPOINT_COLUMNS}, signing_secret`,
          [id, ownScope(principal)],
        );
      const removed = rows[0];
      if (!removed) throw notFound('Notification endpoint', id);
      await this.audit.append(manager, {
        entityType: 'notification_endpoint',
        entityId: id,
        action: 'deleted',
        changes: diffFields(auditedFields(removed, removed.signing_secret), null, ['signingSecret']),
        publisherId: removed.publisher_id,
      });
    });
  }

  // The endpoint's notifications, newest first, each with its attempts.
  async notifications(
    principal: Principal,
    endpointId: number,
    query: PageQueryDto,
  ): Promise<Page<NotificationView>> {
    await this.get(principal, endpointId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = query.cursor ? decodeCursor(query.cursor, 'uuid') : null;
    const rows: NotificationView[] = await this.dataSource.query(
      `SELECT n.id, n.type, n.postback_id AS "ruleId", n.state, n.attempt_count AS "attemptCount",
              n.next_attempt_at AS "nextAttemptAt", n.created_at AS "createdAt",
              n.completed_at AS "completedAt", n.body,
              coalesce((SELECT json_agg(json_build_object(
                          'n', a.n, 'firedAt', a.fired_at, 'statusCode', a.status_code,
                          'error', a.error, 'errorMessage', a.error_message,
                          'responseBody', a.response_body, 'durationMs', a.duration_ms)
                        ORDER BY a.n)
                          FROM notification_attempts a WHERE a.notification_id = n.id), '[]')
                AS attempts
         FROM notifications n
        WHERE n.endpoint_id = $1 AND ($2::uuid IS NULL OR n.id < $2)
        ORDER BY n.id DESC LIMIT $3`,
      [endpointId, cursor, limit + 1],
    );
    return page(rows, limit, (n) => n.id);
  }

  // An admin names the owner (omitted or null = the network); a publisher may name only itself.
  private async ownerFor(
    principal: Principal,
    requested: number | null | undefined,
  ): Promise<number | null> {
    if (principal.role !== 'admin') {
      if (requested !== undefined && requested !== principal.publisherId) {
        throw forbidden('A publisher may create notification endpoints for itself only');
      }
      return principal.publisherId;
    }
    if (requested === undefined || requested === null) return null;
    const found: unknown[] = await this.dataSource.query(`SELECT 1 FROM publishers WHERE id = $1`, [
      requested,
    ]);
    if (found.length === 0) {
      const message = `Publisher ${requested} not found`;
      throw badRequest('validation_failed', message, [
        { field: 'publisherId', code: 'not_found', message },
      ]);
    }
    return requested;
  }
}

// null for an admin (every endpoint); a publisher's own id otherwise.
function ownScope(principal: Principal): number | null {
  return principal.role === 'admin' ? null : principal.publisherId;
}

function auditedFields(row: EndpointRow, signingSecret: string | null) {
  return {
    url: row.url,
    events: row.events,
    publisherId: row.publisher_id,
    signingSecret,
  };
}

function page<T>(rows: T[], limit: number, keyOf: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
