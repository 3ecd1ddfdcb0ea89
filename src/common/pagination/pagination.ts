import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { MAX_ENTITY_ID } from '../entity-id';
import { badRequest } from '../errors/domain-error';
import { TIME_ORDERED_TOKEN } from '../ids';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from './page-query.dto';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// Keyset pagination, newest first, on a unique sortable key (numeric or text id).
export async function paginate<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  query: PageQueryDto,
  key: { column: string; property: keyof E & string },
): Promise<Page<E>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (query.cursor) {
    const cursorKey = decodeCursor(query.cursor, keyKind(qb, key.property));
    qb.andWhere(`${key.column} < :cursorKey`, { cursorKey });
  }
  const rows = await qb
    .orderBy(key.column, 'DESC')
    .take(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(String(last[key.property])) : null,
  };
}

export type CursorKeyKind = 'int' | 'bigint' | 'uuid' | 'token';

// What a key of each kind looks like; anything else would be a PostgreSQL error (a 500) or a
// cursor this API never handed out.
const KEY_SHAPES: Record<CursorKeyKind, (key: string) => boolean> = {
  int: (key) => /^[1-9][0-9]{0,9}$/.test(key) && Number(key) <= MAX_ENTITY_ID,
  bigint: (key) => /^[1-9][0-9]{0,18}$/.test(key) && BigInt(key) <= 9_223_372_036_854_775_807n,
  uuid: (key) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key),
  token: (key) => TIME_ORDERED_TOKEN.test(key),
};

// The key column's kind, from the entity's metadata: text keys here are time-ordered tokens.
function keyKind<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  property: string,
): CursorKeyKind {
  const type = qb.expressionMap.mainAlias?.metadata.findColumnWithPropertyName(property)?.type;
  if (type === 'uuid') return 'uuid';
  if (type === 'bigint' || type === 'int8') return 'bigint';
  if (type === Number || type === 'int' || type === 'integer' || type === 'int4') return 'int';
  return 'token';
}

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

// A cursor is exactly what encodeCursor() made of a key of the list's kind; the round trip
// refuses text Node's lenient decoder would read anyway (junk characters, bytes that aren't UTF-8).
export function decodeCursor(cursor: string, kind: CursorKeyKind): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (encodeCursor(key) !== cursor || !KEY_SHAPES[kind](key)) {
    throw badRequest('invalid_cursor', 'cursor is not valid', [
      {
        field: 'cursor',
        code: 'invalid_cursor',
        message: 'cursor must be a nextCursor this list returned',
      },
    ]);
  }
  return key;
}

export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
