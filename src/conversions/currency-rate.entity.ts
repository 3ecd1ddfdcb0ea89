import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

// Value of one unit of `code` in BASE_CURRENCY units; maintained by admins.
@Entity('currency_rates')
export class CurrencyRate {
  @PrimaryColumn({ type: 'char', length: 3 })
  code: string;

  @Column({ type: 'numeric', precision: 24, scale: 10 })
  rate: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
