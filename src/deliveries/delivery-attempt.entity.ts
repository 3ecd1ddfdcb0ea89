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
}
