import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RoleBoundColumns } from '../common/auth/role-binding';

// A person who signs in to the console. Bound like an API key: a publisher user to one
// publisher, an advertiser user to one advertiser (CHECKs in the migration).
@Entity('users')
export class User extends RoleBoundColumns {
  @PrimaryGeneratedColumn()
  id: number;

  // Unique case-insensitively (an index on lower(email)); kept as entered.
  @Column()
  email: string;

  @Column()
  name: string;

  // scrypt (password-hash.ts); null until the user accepts an invite.
  @Column({ type: 'varchar', nullable: true, select: false })
  passwordHash: string | null;

  // SHA-256 of the one-time invite token; null when no invite is open.
  @Column({ type: 'char', length: 64, nullable: true, select: false })
  inviteTokenHash: string | null;

  @Column({ type: 'timestamptz', nullable: true, select: false })
  inviteExpiresAt: Date | null;

  @Column({ default: false })
  disabled: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;
}
