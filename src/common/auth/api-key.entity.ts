import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RoleBoundColumns } from './role-binding';

@Entity('api_keys')
export class ApiKey extends RoleBoundColumns {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

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
