import { Column, DataSource } from 'typeorm';
import { badRequest } from '../errors/domain-error';
import { UserRole } from './principal';

export interface RoleBinding {
  role: UserRole;
  publisherId?: number | null;
  advertiserId?: number | null;
}

// The columns of a role and its binding, as keys, users and sessions store them (each table
// CHECKs that the binding fits the role).
export abstract class RoleBoundColumns {
  @Column({ type: 'varchar' })
  role: UserRole;

  @Column({ type: 'int', nullable: true })
  publisherId: number | null;

  @Column({ type: 'int', nullable: true })
  advertiserId: number | null;
}

// A publisher key or user is bound to one existing publisher, an advertiser one to an
// advertiser, an admin to neither (the tables' CHECKs say the same). `what` names the holder
// in messages ("keys", "users").
export async function checkRoleBinding(
  dataSource: DataSource,
  binding: RoleBinding,
  what: string,
): Promise<void> {
  if (binding.role !== 'publisher' && binding.publisherId != null) {
    throw invalidField('publisherId', `publisherId is only for publisher ${what}`);
  }
  if (binding.role !== 'advertiser' && binding.advertiserId != null) {
    throw invalidField('advertiserId', `advertiserId is only for advertiser ${what}`);
  }
  const [table, id, field] =
    binding.role === 'publisher'
      ? ['publishers', binding.publisherId, 'publisherId']
      : binding.role === 'advertiser'
        ? ['advertisers', binding.advertiserId, 'advertiserId']
        : [null, null, null];
  if (!table) return;
  if (id == null) throw invalidField(field!, `${field} is required for ${binding.role} ${what}`);
  const rows: unknown[] = await dataSource.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
  if (rows.length === 0) throw invalidField(field!, `${field} ${id} does not exist`);
}

function invalidField(field: string, message: string) {
  return badRequest('validation_failed', message, [{ field, message }]);
}
