import type { FieldChanges } from '../../audit/field-changes';
import type { RuleFields } from './rule-fields-view';

// Where and what a rule sends: a publisher's change to these (or to the signing secret) waits
// for an admin while approval is on (SPEC §13). Every other field applies at once.
export const SENDING_FIELDS = ['method', 'url', 'headers', 'body', 'contentType'] as const;
export type SendingField = (typeof SENDING_FIELDS)[number];
export type SendingFields = Pick<RuleFields, SendingField>;

export function sendingFieldsOf(fields: SendingFields): SendingFields {
  return {
    method: fields.method,
    url: fields.url,
    headers: fields.headers,
    body: fields.body,
    contentType: fields.contentType,
  };
}

// The sending fields that differ between two versions.
export function changedSendingFields(before: SendingFields, after: SendingFields): SendingField[] {
  return SENDING_FIELDS.filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
}

// A version with the sending fields a revision changed laid over it: what approving it yields
// (fields a manager changed meanwhile, which the revision did not touch, are kept).
export function applyRevision(
  live: SendingFields,
  proposed: SendingFields,
  changes: FieldChanges,
): SendingFields {
  const result = sendingFieldsOf(live);
  for (const field of SENDING_FIELDS) {
    if (field in changes) Object.assign(result, { [field]: proposed[field] });
  }
  return result;
}
