import { ApiRecord } from '../common/openapi/api-docs';
import type { ActorType, AuditAction, AuditedEntityType, AuditEntry } from './audit-entry.entity';
import type { FieldChanges } from './field-changes';

// FieldChanges in the OpenAPI document: `{field: {before, after}}`, any JSON values.
export const ApiFieldChanges = () =>
  ApiRecord({
    type: 'object',
    required: ['before', 'after'],
    properties: {
      before: { nullable: true, description: 'The value before (any JSON); null when unset' },
      after: { nullable: true, description: 'The value after (any JSON); null when unset' },
    },
  });

export class AuditActorView {
  type: ActorType;
  // The user's or key's id, the portal's partner id; null for the bootstrap key and the system.
  id: string | null;
  // The user's email, the key's name, the portal's partner, or what the system did ('auto-pause').
  label: string;
}

export class AuditEntryView {
  id: string;
  at: Date;
  actor: AuditActorView;
  ip: string | null;
  requestId: string | null;
  entityType: AuditedEntityType;
  entityId: string;
  action: AuditAction;
  // {field: {before, after}}: any JSON values; secrets read "[redacted]".
  @ApiFieldChanges()
  changes: FieldChanges;
  // The publisher it concerns (a rule's owner); null for network-level changes.
  publisherId: number | null;
}

export function auditEntryView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    at: entry.at,
    actor: { type: entry.actorType, id: entry.actorId, label: entry.actorLabel },
    ip: entry.ip,
    requestId: entry.requestId,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    changes: entry.changes,
    publisherId: entry.publisherId,
  };
}
