import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ConversionStatus } from '../../conversions/conversion.entity';
import type { RuleType } from './rule-matcher';

export const HTTP_METHODS = ['GET', 'POST', 'PUT'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export const CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded'] as const;
export type BodyContentType = (typeof CONTENT_TYPES)[number];
export const APPROVAL_STATES = ['approved', 'pending', 'rejected'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

// A postback rule (SPEC §6). Soft-deleted so its delivery logs keep their rule.
// The table keeps its first name, `postbacks`; renaming it would be a risky migration for no
// change in behaviour.
@Entity('postbacks')
export class PostbackRule {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @Column({ type: 'varchar' })
  type: RuleType;

  // null = network-level rule (admin only), fires for every publisher.
  @Column({ type: 'int', nullable: true })
  publisherId: number | null;

  // Empty = all offers (a global rule); else a local, offer-level rule.
  @Column({ type: 'int', array: true, default: () => "'{}'" })
  offerIds: number[];

  @Column({ type: 'varchar' })
  method: HttpMethod;

  @Column()
  url: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers: Record<string, string>;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'varchar', nullable: true })
  contentType: BodyContentType | null;

  @Column({ type: 'varchar', array: true, default: () => "'{approved}'" })
  statuses: ConversionStatus[];

  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  rejectionReasons: string[];

  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  events: string[];

  // How {status} renders for this receiver; unmapped → raw status.
  @Column({ type: 'jsonb', default: () => "'{}'" })
  statusMap: Partial<Record<ConversionStatus, string>>;

  @Column({ default: 0 })
  delaySeconds: number;

  @Column({ default: 8 })
  maxAttempts: number;

  @Column({ default: 10000 })
  timeoutMs: number;

  // Write-only through the API; never logged, never in a queue payload.
  @Column({ type: 'varchar', nullable: true, select: false })
  signingSecret: string | null;

  // A 2xx whose kept body (first 4 KiB) lacks this text is failed as `unexpected_body`.
  @Column({ type: 'varchar', length: 200, nullable: true })
  expectBody: string | null;

  // The receiver preset (src/presets) the rule was built from; informative only.
  @Column({ type: 'varchar', nullable: true })
  presetId: string | null;

  @Column({ default: true })
  enabled: boolean;

  @Column({ type: 'varchar', nullable: true })
  pausedReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  // SPEC §13: `pending` while a publisher's change waits for an admin (rule-revisions.ts).
  @Column({ type: 'varchar', default: 'approved' })
  approvalState: ApprovalState;

  // The revision this row's sending fields are; null = never approved (a new rule waiting, or
  // rejected): its deliveries are held, never sent.
  @Column({ type: 'int', nullable: true })
  approvedRevision: number | null;

  // The revision waiting for an admin, if any.
  @Column({ type: 'int', nullable: true })
  pendingRevision: number | null;

  // Why an admin rejected the last change; cleared by the next change or approval.
  @Column({ type: 'varchar', nullable: true })
  rejectionReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt: Date | null;
}
