import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Principal } from '../common/auth/principal';
import { Page, paginate } from '../common/pagination/pagination';
import { currentRequest } from './audit-context';
import {
  ACTOR_TYPES,
  ActorType,
  AuditAction,
  AuditedEntityType,
  AuditEntry,
} from './audit-entry.entity';
import { ListAuditLogQueryDto } from './audit-log.dto';
import { FieldChanges, redactFields } from './field-changes';

export interface Actor {
  type: ActorType;
  id: string | null;
  label: string;
}

// The system as an actor, named for what acted: 'auto-pause', 'ADMIN_EMAIL'.
export const systemActor = (label: string): Actor => ({ type: 'system', id: null, label });

export interface AuditRecord {
  entityType: AuditedEntityType;
  entityId: string | number;
  action: AuditAction;
  changes: FieldChanges;
  // The publisher it concerns (a rule's owner), which lets that publisher read it.
  publisherId?: number | null;
  // Set for changes no request makes (auto-pause, start-up); else the request's caller.
  actor?: Actor;
}

// Never stored with their values, whichever writer forgets to say so (diffFields redacts the
// secrets its caller names; this is the second guard).
export const SECRET_FIELDS = [
  'signingSecret',
  'password',
  'passwordHash',
  'key',
  'keyHash',
  'postbackKey',
  'inviteToken',
  'inviteTokenHash',
  'token',
  'tokenHash',
];

// Entries a publisher may read: those about its own rules and its retries of their logs.
const PUBLISHER_VISIBLE: AuditedEntityType[] = ['postback_rule', 'postback_log'];

const INSERT_SQL = `
  INSERT INTO audit_log (actor_type, actor_id, actor_label, ip, request_id, entity_type,
                         entity_id, action, changes, publisher_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)`;

// The one writer of the audit log. Each entry goes in through the transaction of the change it
// records, so a change that rolls back leaves no entry, and no change commits without one.
@Injectable()
export class AuditLog {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  async append(manager: EntityManager, record: AuditRecord): Promise<void> {
    // An update that changed nothing is no history.
    if (record.action === 'updated' && Object.keys(record.changes).length === 0) return;
    const request = currentRequest();
    const actor = record.actor ?? (request?.principal ? actorOf(request.principal) : null);
    // A change made outside any request must name its actor: an entry without one is a bug.
    if (!actor) throw new Error(`audit entry for ${record.entityType} without an actor`);
    await manager.query(INSERT_SQL, [
      actor.type,
      actor.id,
      actor.label.slice(0, 254),
      request?.ip?.slice(0, 64) ?? null,
      request?.requestId ?? null,
      record.entityType,
      String(record.entityId),
      record.action,
      JSON.stringify(redactFields(record.changes, SECRET_FIELDS)),
      record.publisherId ?? null,
    ]);
  }

  list(principal: Principal, query: ListAuditLogQueryDto): Promise<Page<AuditEntry>> {
    const qb = this.entries.createQueryBuilder('e');
    if (principal.role !== 'admin') {
      qb.andWhere('e.publisher_id = :own AND e.entity_type IN (:...visible)', {
        own: principal.publisherId,
        visible: PUBLISHER_VISIBLE,
      });
    }
    if (query.entityType) qb.andWhere('e.entity_type = :type', { type: query.entityType });
    if (query.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.actor) {
      const actor = parseActorFilter(query.actor);
      if (actor.type) qb.andWhere('e.actor_type = :actorType', { actorType: actor.type });
      if (actor.id) qb.andWhere('e.actor_id = :actorId', { actorId: actor.id });
      if (actor.label) {
        qb.andWhere('lower(e.actor_label) = lower(:actorLabel)', { actorLabel: actor.label });
      }
    }
    if (query.from) qb.andWhere('e.at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('e.at < :to', { to: new Date(query.to) });
    return paginate(qb, query, { column: 'e.id', property: 'id' });
  }
}

export function actorOf(principal: Principal): Actor {
  const { label } = principal;
  switch (principal.via) {
    case 'session':
      return { type: 'user', id: String(principal.userId), label };
    case 'portal':
      return { type: 'portal', id: String(principal.publisherId ?? principal.advertiserId), label };
    case 'api_key':
      return principal.keyId === null
        ? { type: 'bootstrap_key', id: null, label }
        : { type: 'api_key', id: String(principal.keyId), label };
  }
}

// `?actor=`: `user:3`, `api_key:5`, `portal:7`; a bare type (`system`, `bootstrap_key`); else the
// actor's label (an email, a key's name, 'auto-pause'), case-insensitive.
export function parseActorFilter(actor: string): {
  type?: ActorType;
  id?: string;
  label?: string;
} {
  const typed = /^(user|api_key|portal):(.+)$/.exec(actor);
  if (typed) return { type: typed[1] as ActorType, id: typed[2] };
  if ((ACTOR_TYPES as readonly string[]).includes(actor)) return { type: actor as ActorType };
  return { label: actor };
}
