import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

// A one-time link that opens a session scoped to one publisher or one advertiser (SPEC §11).
@Entity('portal_links')
export class PortalLink {
  @PrimaryGeneratedColumn()
  id: number;

  // SHA-256 (hex) of the link's token.
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'int', nullable: true })
  publisherId: number | null;

  @Column({ type: 'int', nullable: true })
  advertiserId: number | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
