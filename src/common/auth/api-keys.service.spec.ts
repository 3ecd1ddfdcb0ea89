import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuditLog } from '../../audit/audit-log';
import { AppConfig } from '../../config/app-config';
import { ApiKeysService } from './api-keys.service';

const KNOWN_KEYS = ['pm_one', 'pm_two', 'pm_three'];
const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

// A stand-in for the api_keys table: findOne by key hash, counted.
function setup() {
  const rows = new Map(KNOWN_KEYS.map((key, i) => [hashOf(key), i + 1]));
  let loads = 0;
  const repository = {
    findOne: ({ where }: { where: { keyHash: string } }) => {
      loads++;
      const id = rows.get(where.keyHash);
      return Promise.resolve(
        id === undefined
          ? null
          : { id, role: 'publisher', publisherId: id, advertiserId: null, keyHash: where.keyHash },
      );
    },
    update: (id: number) => {
      for (const [hash, rowId] of rows) if (rowId === id) rows.delete(hash);
      return Promise.resolve();
    },
  };
  const manager = { getRepository: () => repository };
  const dataSource = {
    ...manager,
    transaction: (work: (m: typeof manager) => Promise<unknown>) => work(manager),
  } as unknown as DataSource;
  // Revocation's audit entry is the e2e tests' concern (test/audit-log.e2e-spec.ts).
  const audit = { append: () => Promise.resolve() } as unknown as AuditLog;
  const service = new ApiKeysService(dataSource, audit, { ADMIN_API_KEY: '' } as AppConfig);
  return { service, loads: () => loads, repository };
}

describe('ApiKeysService.authenticate', () => {
  // lru-cache reads its clock from performance.now(): frozen, nothing expires however long a
  // flood takes on a busy machine.
  beforeEach(() => jest.spyOn(performance, 'now').mockReturnValue(1_000_000));
  afterEach(() => jest.restoreAllMocks());

  it('keeps every known key cached through a flood of 100,000 unknown keys', async () => {
    const { service, loads } = setup();
    for (const key of KNOWN_KEYS) expect(await service.authenticate(key)).not.toBeNull();
    for (let i = 0; i < 100_000; i++) expect(await service.authenticate(`pm_guess${i}`)).toBeNull();
    expect(loads()).toBe(KNOWN_KEYS.length + 100_000);
    for (const key of KNOWN_KEYS) expect(await service.authenticate(key)).not.toBeNull();
    expect(loads()).toBe(KNOWN_KEYS.length + 100_000);
  });

  it('rejects a revoked key at once, though it was cached', async () => {
    const { service, repository } = setup();
    expect(await service.authenticate('pm_one')).toMatchObject({ keyId: 1 });
    jest
      .spyOn(repository, 'findOne')
      .mockImplementationOnce(() =>
        Promise.resolve({
          id: 1,
          role: 'publisher',
          publisherId: 1,
          advertiserId: null,
          keyHash: hashOf('pm_one'),
        }),
      )
      .mockImplementation(() => Promise.resolve(null));
    await service.revoke(1);
    expect(await service.authenticate('pm_one')).toBeNull();
  });
});
