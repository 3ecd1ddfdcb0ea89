import { randomBytes, randomFillSync } from 'node:crypto';

// URL-safe random token; 16 bytes = 128 random bits (SPEC §5.1 asks for at least 122).
export function randomToken(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}

// `bytes` random bytes as hex, from the pool: the per-attempt {random} macro.
export function randomHex(bytes: number): string {
  return pooledRandom(bytes).toString('hex');
}

// base64url's alphabet is not in ASCII order; this one is (and stays URL-safe), so tokens
// compare as text (PostgreSQL COLLATE "C", JavaScript <) exactly as their bytes do.
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SORTABLE = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const TO_SORTABLE: Record<string, string> = {};
for (let i = 0; i < 64; i++) TO_SORTABLE[BASE64URL[i]] = SORTABLE[i];

function sortableEncode(bytes: Buffer): string {
  let out = '';
  for (const ch of bytes.toString('base64url')) out += TO_SORTABLE[ch];
  return out;
}

// Click/impression ids: 48-bit millisecond time + 128 random bits (30 chars).
// Unguessable like a plain random token, but time-ordered, so the primary-key index grows
// at its right edge (cheap inserts at hundreds of millions of rows) and "older than" is a key range.
// The time's top two bits are always set (it fits in 46 bits, until the year 4199), so the
// first character is one of k…z: an id never starts with '-' or '_', which spreadsheets and
// command lines take for something else (a formula, an option).
export function timeOrderedToken(now = Date.now()): string {
  const buffer = pooledRandom(22);
  writeTime(buffer, now);
  return sortableEncode(buffer);
}

export const MAX_TOKEN_TIME = 2 ** 46 - 1;
const TIME_FLAG_BITS = 0xc0;

function writeTime(buffer: Buffer, time: number): void {
  if (!Number.isInteger(time) || time < 0 || time > MAX_TOKEN_TIME) {
    throw new RangeError(`token time must be an integer from 0 to ${MAX_TOKEN_TIME}, got ${time}`);
  }
  buffer.writeUIntBE(time, 0, 6);
  buffer[0] |= TIME_FLAG_BITS;
}

// What a click or impression id looks like, this format's or the one before.
export const TIME_ORDERED_TOKEN = /^[-0-9A-Za-z_]{30}$/;

// One randomFillSync per 512 tokens instead of a randomBytes call per click, delivery or
// attempt (the hot paths' largest fixed cost); each byte is handed out once, so every token
// stays as unguessable.
const POOL_BYTES = 22 * 512;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function pooledRandom(size: number): Buffer {
  if (size > POOL_BYTES) return randomBytes(size);
  if (poolOffset + size > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    poolOffset = 0;
  }
  const out = Buffer.allocUnsafe(size);
  pool.copy(out, 0, poolOffset, poolOffset + size);
  poolOffset += size;
  return out;
}

// The smallest token of a given millisecond: `id < tokenFloor(t)` selects everything older than t.
// Times outside what a token can hold are clamped.
export function tokenFloor(time: number): string {
  const buffer = Buffer.alloc(22);
  writeTime(buffer, clamp(time, MAX_TOKEN_TIME));
  return sortableEncode(buffer);
}

// Ids made before the time flag bits (first character '-') sort below every current id, and
// are all older than every current id. tokenFloor()'s counterpart for them.
export function legacyTokenFloor(time: number): string {
  const buffer = Buffer.alloc(22);
  // Past 2^42 a legacy id would no longer start with '-'; none was made that late.
  buffer.writeUIntBE(clamp(time, 2 ** 42 - 1), 0, 6);
  return sortableEncode(buffer);
}

// The smallest current token; every legacy id sorts below it.
export const CURRENT_TOKEN_FLOOR = tokenFloor(0);

function clamp(time: number, max: number): number {
  return Number.isNaN(time) ? 0 : Math.min(Math.max(Math.floor(time), 0), max);
}

// UUID version 7 (RFC 9562): time-ordered, for conversions and deliveries.
export function uuidv7(now = Date.now()): string {
  const bytes = pooledRandom(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
