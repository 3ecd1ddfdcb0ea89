import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

// One network setting (SPEC §13), its value as JSON: a new setting needs no migration.
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar' })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
