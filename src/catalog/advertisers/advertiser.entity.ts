import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const ADVERTISER_STATUSES = ['active', 'paused'] as const;
export type AdvertiserStatus = (typeof ADVERTISER_STATUSES)[number];

@Entity('advertisers')
export class Advertiser {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @Column({ type: 'varchar' })
  status: AdvertiserStatus;

  // Secret in the advertiser's S2S postback URL (SPEC §5.2); rotatable.
  @Column()
  postbackKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
