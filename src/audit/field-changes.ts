// What an audit entry says changed: `{field: {before, after}}`, JSON values only.
export interface FieldChange {
  before: unknown;
  after: unknown;
}
export type FieldChanges = Record<string, FieldChange>;

export const REDACTED = '[redacted]';

type Fields = Record<string, unknown>;

// The fields that differ between two states of a record (null before = created, null after =
// deleted; fields null on both sides are left out). A secret field never shows its value: a set value reads "[redacted]", an unset one
// null, so the entry still tells that a secret was set, changed or removed.
export function diffFields(
  before: Fields | null,
  after: Fields | null,
  secretFields: readonly string[] = [],
): FieldChanges {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChanges = {};
  for (const name of names) {
    const was = jsonValue(before?.[name]);
    const is = jsonValue(after?.[name]);
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    changes[name] = secretFields.includes(name)
      ? { before: redacted(was), after: redacted(is) }
      : { before: was, after: is };
  }
  return changes;
}

// Replaces the values of the named fields by "[redacted]" (a second guard: whatever a caller
// passes, these names never reach the table with their values).
export function redactFields(changes: FieldChanges, secretFields: readonly string[]): FieldChanges {
  return Object.fromEntries(
    Object.entries(changes).map(([name, change]) => [
      name,
      secretFields.includes(name)
        ? { before: redacted(change.before), after: redacted(change.after) }
        : change,
    ]),
  );
}

const redacted = (value: unknown) => (value === null || value === undefined ? null : REDACTED);

// Dates as ISO strings, undefined as null; objects with their keys sorted, so two equal
// jsonb values read back in another key order compare equal.
function jsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Fields).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return Object.fromEntries(entries.map(([key, item]) => [key, jsonValue(item)]));
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

// The audited fields of a record, e.g. `pickFields(offer, OFFER_FIELDS)`.
export function pickFields<T extends object, K extends keyof T & string>(
  record: T,
  names: readonly K[],
): Pick<T, K> {
  return Object.fromEntries(names.map((name) => [name, record[name]])) as Pick<T, K>;
}
