import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { AuditAction } from '../audit/audit-entry.entity';
import { Actor, AuditLog, systemActor } from '../audit/audit-log';
import { diffFields, FieldChanges, REDACTED } from '../audit/field-changes';
import type { Principal, UserRole } from '../common/auth/principal';
import { checkRoleBinding, RoleBinding } from '../common/auth/role-binding';
import { conflict, notFound } from '../common/errors/domain-error';
import { randomToken } from '../common/ids';
import { Page, paginate } from '../common/pagination/pagination';
import { hashPassword } from './password-hash';
import { SessionsService } from './sessions.service';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './user.dto';
import { User } from './user.entity';

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export interface Invite {
  token: string;
  expiresAt: Date;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const UNIQUE_VIOLATION = '23505';

// The one writer of the users table: people, their passwords and their invites.
@Injectable()
export class UsersService {
  private readonly users: Repository<User>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLog,
  ) {
    this.users = dataSource.getRepository(User);
  }

  // A user given no password gets an invite to choose one.
  async create(dto: CreateUserDto): Promise<{ user: User; invite: Invite | null }> {
    const binding = bindingOf(dto.role, dto.publisherId ?? null, dto.advertiserId ?? null);
    await checkRoleBinding(this.dataSource, binding, 'users');
    const passwordHash = dto.password === undefined ? null : await hashPassword(dto.password);
    const invite = passwordHash === null ? newInvite() : null;
    try {
      const user = await this.dataSource.transaction(async (manager) => {
        const { id } = await manager.getRepository(User).save({
          email: dto.email,
          name: dto.name,
          ...binding,
          passwordHash,
          inviteTokenHash: invite && sha256(invite.token),
          inviteExpiresAt: invite?.expiresAt ?? null,
        });
        const created = await lockedUser(manager, id);
        await this.record(
          manager,
          created!,
          'created',
          diffFields(null, audited(created!), SECRET),
        );
        return created!;
      });
      return { user, invite };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict('email_taken', `A user with email ${dto.email} already exists`);
      }
      throw error;
    }
  }

  list(query: ListUsersQueryDto): Promise<Page<User>> {
    const qb = this.users.createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    return paginate(qb, query, { column: 'u.id', property: 'id' });
  }

  async get(id: number): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('User', id);
    return user;
  }

  // Disabling, or changing what the user may see, ends its sessions; a new password ends all but
  // the caller's own.
  async update(principal: Principal, id: number, dto: UpdateUserDto): Promise<User> {
    const { scopeChanged } = await this.dataSource.transaction(async (manager) => {
      const user = await lockedUser(manager, id);
      if (!user) throw notFound('User', id);
      const role = dto.role ?? user.role;
      // The binding carries over while the role stays; a new role starts from none.
      const kept = role === user.role ? user : { publisherId: null, advertiserId: null };
      const binding = bindingOf(
        role,
        dto.publisherId ?? kept.publisherId,
        dto.advertiserId ?? kept.advertiserId,
      );
      const scopeChanged =
        binding.role !== user.role ||
        binding.publisherId !== user.publisherId ||
        binding.advertiserId !== user.advertiserId;
      if (principal.userId === id && (scopeChanged || dto.disabled === true)) throw ownAccess();
      if (scopeChanged) await checkRoleBinding(this.dataSource, binding, 'users');
      const changes: Partial<User> = { ...binding };
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.disabled !== undefined) changes.disabled = dto.disabled;
      if (dto.password !== undefined) {
        changes.passwordHash = await hashPassword(dto.password);
        // A password set by an admin closes any open invite: it would otherwise reset it.
        changes.inviteTokenHash = null;
        changes.inviteExpiresAt = null;
      }
      await manager.getRepository(User).update(id, changes);
      const diff = diffFields(audited(user), audited((await lockedUser(manager, id))!), SECRET);
      await this.record(manager, user, updateAction(diff), diff);
      return { scopeChanged };
    });
    if (scopeChanged || dto.disabled === true) await this.sessions.endAllOf(id);
    else if (dto.password !== undefined) await this.sessions.endAllOf(id, principal.sessionId);
    return this.get(id);
  }

  // Its sessions go with it (ON DELETE CASCADE).
  async remove(principal: Principal, id: number): Promise<void> {
    if (principal.userId === id) throw ownAccess();
    await this.dataSource.transaction(async (manager) => {
      const user = await lockedUser(manager, id);
      if (!user) throw notFound('User', id);
      await manager.getRepository(User).delete(id);
      await this.record(manager, user, 'deleted', diffFields(audited(user), null, SECRET));
    });
  }

  // A fresh invite; the previous one stops working.
  async invite(id: number): Promise<Invite> {
    return this.dataSource.transaction(async (manager) => {
      const user = await lockedUser(manager, id);
      if (!user) throw notFound('User', id);
      if (user.disabled) throw conflict('user_disabled', `User ${id} is disabled; enable it first`);
      const invite = newInvite();
      const reissued = { inviteTokenHash: sha256(invite.token), inviteExpiresAt: invite.expiresAt };
      await manager.getRepository(User).update(id, reissued);
      const diff = diffFields(audited(user), audited({ ...user, ...reissued }), SECRET);
      await this.record(manager, user, 'invite_reissued', diff);
      return invite;
    });
  }

  // The user an open invite is for: not used, not expired, not disabled.
  findInvited(token: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .where('u.inviteTokenHash = :hash', { hash: sha256(token) })
      .andWhere('u.inviteExpiresAt > now()')
      .andWhere('NOT u.disabled')
      .getOne();
  }

  // Sets the password and closes the invite in one statement, so a token works once. The token
  // is looked up before the costly hash, so made-up tokens cost a SELECT only.
  async acceptInvite(token: string, password: string): Promise<User | null> {
    if (!(await this.findInvited(token))) return null;
    const passwordHash = await hashPassword(password);
    const accepted = await this.dataSource.transaction(async (manager) => {
      const [rows]: [Array<{ id: number; email: string; had_password: boolean }>, number] =
        await manager.query(
          `WITH invited AS (
             SELECT id, password_hash IS NOT NULL AS had_password FROM users
              WHERE invite_token_hash = $1 AND invite_expires_at > now() AND NOT disabled
              FOR UPDATE)
           UPDATE users u SET password_hash = $2, invite_token_hash = NULL,
                  invite_expires_at = NULL, last_sign_in_at = now()
             FROM invited WHERE u.id = invited.id
           RETURNING u.id, u.email, invited.had_password`,
          [sha256(token), passwordHash],
        );
      const row = rows[0];
      if (!row) return null;
      // The person sets their own password: the invite is its proof, not a session or key.
      const actor: Actor = { type: 'user', id: String(row.id), label: row.email };
      await this.audit.append(manager, {
        entityType: 'user',
        entityId: row.id,
        action: 'invite_accepted',
        changes: { password: { before: row.had_password ? REDACTED : null, after: REDACTED } },
        actor,
      });
      return row.id;
    });
    if (accepted === null) return null;
    // An invite re-issued to a user who had a password acts as a reset: old sessions end.
    await this.sessions.endAllOf(accepted);
    return this.get(accepted);
  }

  // The user an email names, with its password hash (case-insensitive).
  findWithPassword(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
  }

  async recordSignIn(id: number): Promise<void> {
    await this.users.update(id, { lastSignInAt: () => 'now()' });
  }

  // ADMIN_EMAIL/ADMIN_PASSWORD at start: creates the admin unless a user has that email (then
  // nothing changes, its password included). Replicas starting together create it once.
  async ensureAdmin(email: string, password: string): Promise<boolean> {
    if (await this.findWithPassword(email)) return false;
    const passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: number }> = await manager.query(
        `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'admin', $3)
         ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
        [email, 'Admin', passwordHash],
      );
      if (rows.length === 0) return false;
      const created = (await lockedUser(manager, rows[0].id))!;
      await this.record(manager, created, 'created', diffFields(null, audited(created), SECRET), {
        actor: systemActor('ADMIN_EMAIL'),
      });
      return true;
    });
  }

  private record(
    manager: EntityManager,
    user: User,
    action: AuditAction,
    changes: FieldChanges,
    options: { actor?: Actor } = {},
  ): Promise<void> {
    return this.audit.append(manager, {
      entityType: 'user',
      entityId: user.id,
      action,
      changes,
      publisherId: user.publisherId,
      ...options,
    });
  }
}

// With the secrets the audit log redacts: whether a password is set and an invite open.
function lockedUser(manager: EntityManager, id: number): Promise<User | null> {
  return manager
    .getRepository(User)
    .createQueryBuilder('u')
    .addSelect(['u.passwordHash', 'u.inviteTokenHash', 'u.inviteExpiresAt'])
    .where('u.id = :id', { id })
    .setLock('pessimistic_write')
    .getOne();
}

const SECRET = ['password', 'inviteToken'];

function audited(user: User) {
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    publisherId: user.publisherId,
    advertiserId: user.advertiserId,
    disabled: user.disabled,
    password: user.passwordHash,
    inviteToken: user.inviteTokenHash,
    inviteExpiresAt: user.inviteExpiresAt,
  };
}

// Switching a user off or on, and nothing else, reads as that.
function updateAction(changes: FieldChanges): AuditAction {
  const names = Object.keys(changes);
  if (names.length !== 1 || names[0] !== 'disabled') return 'updated';
  return changes.disabled.after === true ? 'disabled' : 'enabled';
}

function bindingOf(
  role: UserRole,
  publisherId: number | null,
  advertiserId: number | null,
): Required<RoleBinding> {
  return { role, publisherId, advertiserId };
}

function newInvite(): Invite {
  return { token: randomToken(32), expiresAt: new Date(Date.now() + INVITE_TTL_MS) };
}

function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } }).driverError;
  return driverError?.code === UNIQUE_VIOLATION;
}

const ownAccess = () =>
  conflict('own_user', 'You may not disable, delete or change the role of your own user');
