import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';

// scrypt (memory-hard) at one of OWASP's equivalent settings: N=2^15, r=8, p=3 takes 32 MiB and
// ~0.2 s on a small server core. The parameters travel in the stored string, so raising them
// later leaves existing hashes verifiable.
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 3 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Stored form: scrypt$N$r$p$salt$hash (salt and hash in base64url).
const STORED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Buffer, keyBytes: number, params: ScryptOptions) {
  const { N = 0, r = 0 } = params;
  return new Promise<Buffer>((resolve, reject) =>
    // Node refuses N·r beyond maxmem (32 MiB by default): room for the chosen settings.
    scrypt(password, salt, keyBytes, { ...params, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number } = SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, params);
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

// False for a wrong password and for a stored string that is no hash of ours.
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = STORED.exec(stored);
  if (!match) return false;
  const [N, r, p] = [match[1], match[2], match[3]].map(Number);
  const salt = Buffer.from(match[4], 'base64url');
  const expected = Buffer.from(match[5], 'base64url');
  if (expected.length === 0) return false;
  const key = await derive(password, salt, expected.length, { N, r, p });
  return timingSafeEqual(key, expected);
}
