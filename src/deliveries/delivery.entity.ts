import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { MacroValues } from '../postbacks/templates/macros';
import type { DeliveryState } from './delivery-states';

// One firing of one rule for one event (the postback log entry of SPEC §9); attempts hang off it.
@Entity('deliveries')
export class Delivery {
  @PrimaryColumn({ type: 'uuid' })
  id: string; // uuidv7; also the BullMQ jobId and {delivery_id}

  @Column()
  postbackId: number;

  @Column({ type: 'varchar' })
  type: string;

  // What fired it, unique per rule: "click:<tid>", "conversion:<id>:approved", "test:<uuid>" …
  // so a repeated event never schedules twice.
  @Column({ type: 'varchar' })
  triggerKey: string;

  @Column({ type: 'varchar' })
  state: DeliveryState;

  @Column({ default: false })
  test: boolean;

  @Column({ type: 'int', nullable: true }) publisherId: number | null;
  @Column({ type: 'int', nullable: true }) offerId: number | null;
  @Column({ type: 'varchar', nullable: true }) transactionId: string | null;
  @Column({ type: 'varchar', nullable: true }) externalTransactionId: string | null;
  @Column({ type: 'uuid', nullable: true }) conversionId: string | null;
  @Column({ type: 'varchar', nullable: true }) impressionId: string | null;

  // Conversion status this delivery reports (null for clicks and impressions).
  @Column({ type: 'varchar', nullable: true })
  status: string | null;

  // The macro values as they were at event time.
  @Column({ type: 'jsonb' })
  snapshot: MacroValues;

  @Column({ type: 'timestamptz' })
  scheduledFor: Date;

  @Column({ default: 0 })
  attemptCount: number;

  @Column({ type: 'int', nullable: true })
  lastStatusCode: number | null;

  // When the next attempt is due while scheduled/retrying; the sweeper's work list.
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  // Why it is held or was cancelled without an attempt (its rule's approval), in words.
  @Column({ type: 'varchar', nullable: true })
  stateReason: string | null;
}
