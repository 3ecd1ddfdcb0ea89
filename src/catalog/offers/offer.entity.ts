import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { moneyColumn } from '../../common/money';

export const OFFER_STATUSES = ['active', 'paused'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

@Entity('offers')
export class Offer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @Index()
  @Column()
  advertiserId: number;

  // Landing URL template; may use click macros (SPEC §4, §7).
  @Column()
  url: string;

  @Column({ type: 'varchar' })
  status: OfferStatus;

  // What the network pays the publisher.
  @Column({ type: 'numeric', transformer: moneyColumn })
  payout: string;

  // What the advertiser pays the network; never shown to publishers.
  @Column({ type: 'numeric', transformer: moneyColumn })
  revenue: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
