import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('delivery_attempts')
export class DeliveryAttempt {
  @PrimaryColumn({ type: 'uuid' })
  deliveryId: string;

  // 1-based; the primary key makes an attempt impossible to record twice.
  @PrimaryColumn()
  n: number;

  @Column({ type: 'timestamptz' })
  firedAt: Date;

  @Column({ type: 'varchar' })
  method: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  // First 4 KiB of the response.
  @Column({ type: 'text', nullable: true })
  responseBody: string | null;

  // Error code (timeout, network_error, destination_not_allowed, …) and its detail.
  @Column({ type: 'varchar', nullable: true })
  error: string | null;

  @Column({ type: 'varchar', nullable: true })
  errorMessage: string | null;

  @Column()
  durationMs: number;

  // The request as sent, secrets masked before storing (request-masking.ts); null on attempts
  // that sent nothing or were logged before these were kept. Not loaded unless asked for: the
  // list stays light, the entry (GET /api/postback-logs/:id) shows them.
  @Column({ type: 'jsonb', nullable: true, select: false })
  requestHeaders: Record<string, string> | null;

  @Column({ type: 'text', nullable: true, select: false })
  requestBody: string | null;
}
