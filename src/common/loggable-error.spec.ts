import { QueryFailedError } from 'typeorm';
import { loggableError } from './logging';

describe('loggableError', () => {
  it("keeps a failed query's type, message and stack, never its bind values", () => {
    const driverError = Object.assign(new Error('duplicate key value'), {
      detail: 'Key (postback_key)=(pk_secret_value) already exists.',
    });
    const error = new QueryFailedError(
      'INSERT INTO advertisers (postback_key) VALUES ($1)',
      ['pk_secret_value'],
      driverError,
    );
    const logged = loggableError(error);
    expect(logged).toEqual({
      type: 'QueryFailedError',
      message: error.message,
      stack: error.stack,
    });
    expect(JSON.stringify(logged)).not.toContain('pk_secret_value');
  });

  it('describes a thrown non-error by its type and text', () => {
    expect(loggableError('boom')).toEqual({ type: 'string', message: 'boom' });
  });
});
