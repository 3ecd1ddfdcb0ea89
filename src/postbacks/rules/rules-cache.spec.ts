import { DataSource } from 'typeorm';
import { inProcessInvalidations } from '../../../test/helpers/in-process-invalidations';
import { RulesCache } from './rules-cache';

// A stand-in for the rules query, counted.
function setup() {
  let loads = 0;
  const query = {
    addSelect: () => query,
    getMany: () => {
      loads++;
      return Promise.resolve([
        { id: 1, type: 'conversion', enabled: true, approvedRevision: 1 },
        { id: 2, type: 'conversion', enabled: false, approvedRevision: 1 },
        // A new rule waiting for approval fires (held); a rejected one never approved does not.
        {
          id: 3,
          type: 'conversion',
          enabled: true,
          approvedRevision: null,
          approvalState: 'pending',
        },
        {
          id: 4,
          type: 'conversion',
          enabled: true,
          approvedRevision: null,
          approvalState: 'rejected',
        },
        // A rejected change to an approved rule: the approved revision keeps firing.
        {
          id: 5,
          type: 'conversion',
          enabled: true,
          approvedRevision: 2,
          approvalState: 'rejected',
        },
      ]);
    },
  };
  const dataSource = {
    getRepository: () => ({ createQueryBuilder: () => query }),
  } as unknown as DataSource;
  return { rules: new RulesCache(dataSource, inProcessInvalidations()), loads: () => loads };
}

describe('RulesCache', () => {
  // A frozen clock: the snapshot does not expire however long the lookups take on a busy machine.
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(1_000_000));
  afterEach(() => jest.restoreAllMocks());

  // Holds every live rule at once, so an unknown id is a miss in the snapshot, not a query.
  it('answers 100,000 lookups of unknown rule ids from one load', async () => {
    const { rules, loads } = setup();
    for (let id = 1_000; id < 101_000; id++) expect(await rules.byId(id)).toBeUndefined();
    expect(await rules.byId(2)).toMatchObject({ id: 2 });
    expect((await rules.enabledOfType('conversion')).map((r) => r.id)).toEqual([1, 3, 5]);
    expect(await rules.byId(4)).toMatchObject({ id: 4 });
    expect(loads()).toBe(1);
  });

  it('loads again after invalidate()', async () => {
    const { rules, loads } = setup();
    await rules.byId(1);
    rules.invalidate();
    await rules.byId(1);
    expect(loads()).toBe(2);
  });
});
