import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RoleBoundColumns } from '../common/auth/role-binding';

// A signed-in browser: a person's (userId set) or a portal link's (userId null). Its scope is
// copied from the user or link at sign-in; changing a user's scope ends its sessions.
@Entity('sessions')
export class Session extends RoleBoundColumns {
  // SHA-256 (hex) of the cookie's token: the token itself is never stored.
  @PrimaryColumn({ type: 'char', length: 64 })
  id: string;

  @Column({ type: 'int', nullable: true })
  userId: number | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
