import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ConversionStatus } from './conversion.entity';

// The status history of a conversion: one row per accepted change (the first row has no fromStatus).
@Entity('conversion_status_changes')
export class ConversionStatusChange {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  conversionId: string;

  @Column({ type: 'varchar', nullable: true })
  fromStatus: ConversionStatus | null;

  @Column({ type: 'varchar' })
  toStatus: ConversionStatus;

  @Column({ type: 'varchar', nullable: true })
  rejectionReason: string | null;

  // api | intake | patch
  @Column({ type: 'varchar' })
  source: string;

  @CreateDateColumn({ type: 'timestamptz' })
  changedAt: Date;
}
