// How `{status}` renders for a receiver, per conversion status; unmapped = the raw status.
// On its own so presets and rule DTOs can name it without importing the rule views.
export class StatusMap {
  approved?: string;
  pending?: string;
  rejected?: string;
}
