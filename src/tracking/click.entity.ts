import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

// Sized for hundreds of millions of rows: time-ordered text key, no foreign keys on the hot insert.
@Entity('clicks')
export class Click {
  // Network click id (timeOrderedToken): unguessable, URL-safe, sorts by time.
  @PrimaryColumn({ type: 'varchar' })
  transactionId: string;

  @Column()
  offerId: number;

  @Column()
  publisherId: number;

  // The publisher's own click id from the tracking link.
  @Column({ type: 'varchar', nullable: true })
  externalTransactionId: string | null;

  @Column({ type: 'varchar', nullable: true }) sub1: string | null;
  @Column({ type: 'varchar', nullable: true }) sub2: string | null;
  @Column({ type: 'varchar', nullable: true }) sub3: string | null;
  @Column({ type: 'varchar', nullable: true }) sub4: string | null;
  @Column({ type: 'varchar', nullable: true }) sub5: string | null;
  @Column({ type: 'varchar', nullable: true }) source: string | null;

  @Column({ type: 'varchar', nullable: true }) ip: string | null;
  @Column({ type: 'varchar', nullable: true }) userAgent: string | null;
  @Column({ type: 'varchar', nullable: true }) referer: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
