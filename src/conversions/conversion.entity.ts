import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { moneyColumn } from '../common/money';

export const CONVERSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ConversionStatus = (typeof CONVERSION_STATUSES)[number];

// Identity: (transactionId, event, advertiserTransactionId), unique in the database.
@Entity('conversions')
export class Conversion {
  @PrimaryColumn({ type: 'uuid' })
  id: string; // uuidv7

  @Column({ type: 'varchar' })
  transactionId: string;

  // Copied from the click (and the offer) when the conversion is recorded.
  @Column() offerId: number;
  @Column() publisherId: number;
  @Column() advertiserId: number;

  // Goal name; null = the base conversion.
  @Column({ type: 'varchar', nullable: true })
  event: string | null;

  @Column({ type: 'varchar', nullable: true })
  advertiserTransactionId: string | null;

  @Column({ type: 'varchar' })
  status: ConversionStatus;

  @Column({ type: 'varchar', nullable: true })
  rejectionReason: string | null;

  // In the offer's currency.
  @Column({ type: 'numeric', transformer: moneyColumn })
  payout: string;

  @Column({ type: 'numeric', transformer: moneyColumn })
  revenue: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  // As reported, when the advertiser reported in another currency.
  @Column({ type: 'numeric', nullable: true, transformer: moneyColumn })
  originalPayout: string | null;

  @Column({ type: 'numeric', nullable: true, transformer: moneyColumn })
  originalRevenue: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  originalCurrency: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
