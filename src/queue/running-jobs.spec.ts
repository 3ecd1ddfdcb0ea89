import { RunningJobs } from './running-jobs';

describe('RunningJobs', () => {
  it('is idle at once with nothing running', async () => {
    await expect(new RunningJobs().idle()).resolves.toBeUndefined();
  });

  it('becomes idle when the last job ends, whether it succeeded or threw', async () => {
    const jobs = new RunningJobs();
    let finish!: () => void;
    let fail!: (e: Error) => void;
    const ok = jobs.track(() => new Promise<void>((resolve) => (finish = resolve)));
    const bad = jobs.track(() => new Promise<void>((_, reject) => (fail = reject)));
    let idle = false;
    const waiting = jobs.idle().then(() => (idle = true));
    finish();
    await ok;
    expect(idle).toBe(false);
    fail(new Error('boom'));
    await expect(bad).rejects.toThrow('boom');
    await waiting;
    expect(idle).toBe(true);
  });
});
