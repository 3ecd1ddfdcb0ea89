import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('impressions')
export class Impression {
  // timeOrderedToken, like click ids.
  @PrimaryColumn({ type: 'varchar' })
  id: string;

  @Column()
  offerId: number;

  @Column()
  publisherId: number;

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
