import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const INTAKE_OUTCOMES = ['accepted', 'duplicate', 'refused'] as const;
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];

// `<field>_rounded`, `<field>_unparsed`, `<field>_comma_ambiguous`, `currency_unknown`,
// `<parameter>_nul_stripped`, `<parameter>_truncated`.
export type IntakeWarning = string;

// Every advertiser S2S intake request, accepted or not (SPEC §5.2).
@Entity('intake_logs')
export class IntakeLog {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  // Null when the postback key matched no advertiser.
  @Column({ type: 'int', nullable: true })
  advertiserId: number | null;

  @Column({ type: 'varchar' })
  method: string;

  // Query string and form body as received, bounded in size.
  @Column({ type: 'text' })
  rawQuery: string;

  @Column({ type: 'varchar' })
  outcome: IntakeOutcome;

  @Column({ type: 'varchar', nullable: true })
  errorCode: string | null;

  @Column({ type: 'uuid', nullable: true })
  conversionId: string | null;

  // What the intake read leniently (SPEC §5.2), e.g. ["payout_rounded", "currency_unknown"].
  @Column({ type: 'jsonb', default: () => `'[]'` })
  warnings: IntakeWarning[];

  @Column({ type: 'varchar', nullable: true })
  ip: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;
}
