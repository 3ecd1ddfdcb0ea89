import { hashPassword, SCRYPT_PARAMS, verifyPassword } from './password-hash';

// Cheap settings where only the round trip matters; one test runs the real ones.
const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the password it hashed and nothing else, with the real settings', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(
      new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$${SCRYPT_PARAMS.r}\\$${SCRYPT_PARAMS.p}\\$`),
    );
    expect(stored).not.toContain('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('salts every hash, so one password never hashes the same twice', async () => {
    const [a, b] = [
      await hashPassword('same password', FAST),
      await hashPassword('same password', FAST),
    ];
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it('reads the settings from the stored string (hashes made with other settings still verify)', async () => {
    const stored = await hashPassword('older settings', FAST);
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('older settings', stored)).toBe(true);
  });

  it('refuses anything that is not one of its hashes', async () => {
    for (const stored of [
      '',
      'plain text',
      'scrypt$1024$8$1$c2FsdA$',
      '$2b$10$abcdefghijklmnopqrstuv',
    ]) {
      expect(await verifyPassword('plain text', stored)).toBe(false);
    }
  });
});
