import pino from 'pino';
import { Writable } from 'node:stream';
import { lazyChildLogger } from './lazy-child-logger';

describe('lazyChildLogger', () => {
  function rootWritingTo(lines: Record<string, unknown>[]) {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    return pino({ level: 'info' }, sink);
  }

  it('makes the child on its first line, with the bindings, and only once', () => {
    const lines: Record<string, unknown>[] = [];
    const root = rootWritingTo(lines);
    const child = jest.spyOn(root, 'child');
    const log = lazyChildLogger(root, { reqId: 'r-1' }, {});
    expect(child).not.toHaveBeenCalled();
    expect(log.level).toBe('info');

    log.warn({ code: 7 }, 'first');
    log.info('second');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toMatchObject([
      { reqId: 'r-1', code: 7, msg: 'first', level: 40 },
      { reqId: 'r-1', msg: 'second', level: 30 },
    ]);
  });

  it('honours its level, and a child of it keeps the bindings', () => {
    const lines: Record<string, unknown>[] = [];
    const root = rootWritingTo(lines);
    const log = lazyChildLogger(root, { reqId: 'r-2' }, { level: 'warn' });
    expect(log.level).toBe('warn');
    log.info('dropped');
    log.child({ part: 'x' }).error('kept');
    expect(lines).toMatchObject([{ reqId: 'r-2', part: 'x', msg: 'kept' }]);
    expect(lines).toHaveLength(1);
  });
});
