import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FieldChanges } from './field-changes';

export const ACTOR_TYPES = ['user', 'api_key', 'bootstrap_key', 'portal', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const AUDITED_ENTITY_TYPES = [
  'postback_rule',
  'postback_log',
  'advertiser',
  'offer',
  'publisher',
  'user',
  'api_key',
  'currency_rate',
  'setting',
  'notification_endpoint',
] as const;
export type AuditedEntityType = (typeof AUDITED_ENTITY_TYPES)[number];

export type AuditAction =
  | 'created'
  | 'updated'
  | 'deleted'
  | 'paused'
  | 'resumed'
  | 'disabled'
  | 'enabled'
  | 'rotated_key'
  | 'invite_reissued'
  | 'invite_accepted'
  | 'revoked'
  | 'bulk_retry'
  // Approval of publisher rules (SPEC §13): a change waiting, and a manager's decision on it.
  | 'approval_requested'
  | 'approved'
  | 'rejected'
  // A one-time portal link made for a partner, and its portal sessions ended (SPEC §11).
  | 'portal_link_created'
  | 'portal_sessions_ended';

// One change to the network's setup, who made it and from what to what (SPEC §13). Append-only:
// the table refuses UPDATE, DELETE and TRUNCATE (a trigger, migration 1765000000100).
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar' })
  actorType: ActorType;

  // The user's or key's id, the portal's partner id; null for the bootstrap key and the system.
  @Column({ type: 'varchar', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar' })
  actorLabel: string;

  @Column({ type: 'varchar', nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar' })
  entityType: AuditedEntityType;

  @Column({ type: 'varchar' })
  entityId: string;

  @Column({ type: 'varchar' })
  action: AuditAction;

  @Column({ type: 'jsonb' })
  changes: FieldChanges;

  // The publisher the entry concerns (a rule's owner): what a publisher may read.
  @Column({ type: 'int', nullable: true })
  publisherId: number | null;
}
