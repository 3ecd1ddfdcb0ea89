import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActorType } from '../../audit/audit-entry.entity';
import type { FieldChanges } from '../../audit/field-changes';
import type { SendingFields } from './rule-approval-fields';

export const REVISION_STATES = ['approved', 'pending', 'rejected', 'superseded'] as const;
export type RevisionState = (typeof REVISION_STATES)[number];

// One version of where and what a rule sends (SPEC §13). Numbered per rule from 1; a publisher's
// change waits as `pending` while approval is on; a newer change supersedes a waiting one.
@Entity('postback_revisions')
export class RuleRevision {
  @PrimaryColumn()
  postbackId: number;

  @PrimaryColumn()
  n: number;

  @Column({ type: 'varchar' })
  state: RevisionState;

  // The sending fields as this revision has them (all of them; the secret apart).
  @Column({ type: 'jsonb' })
  proposed: SendingFields;

  // Write-only: applied on approval, never shown, never logged.
  @Column({ type: 'varchar', nullable: true, select: false })
  signingSecret: string | null;

  // Whether this revision sets signingSecret (to a value or to none).
  @Column({ default: false })
  secretChanged: boolean;

  // Before → after against the rule as it fired when the revision was made; secrets redacted.
  @Column({ type: 'jsonb' })
  changes: FieldChanges;

  @Column({ type: 'varchar' }) authorType: ActorType;
  @Column({ type: 'varchar', nullable: true }) authorId: string | null;
  @Column({ type: 'varchar' }) authorLabel: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  // The admin who approved or rejected it.
  @Column({ type: 'varchar', nullable: true }) decidedBy: string | null;
  @Column({ type: 'varchar', nullable: true }) reason: string | null;
}
