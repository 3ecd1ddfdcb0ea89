import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { UserRole } from './principal';

@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @Column({ type: 'varchar' })
  role: UserRole;

  @Column({ type: 'int', nullable: true })
  publisherId: number | null;

  @Column({ type: 'int', nullable: true })
  advertiserId: number | null;

  // SHA-256 of the key: keys are 192 random bits, so a slow hash adds nothing but latency.
  @Column({ select: false })
  keyHash: string;

  // First characters, to tell keys apart in a listing without revealing them.
  @Column()
  keyPrefix: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
