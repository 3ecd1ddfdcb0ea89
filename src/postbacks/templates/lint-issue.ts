// One finding of the template linter; its own file so the check modules the linter composes
// can return it without importing the linter.
export interface LintIssue {
  code: string;
  message: string;
  // 'url', 'body', 'headers.X-Token', 'sample.payout'
  field: string;
  macro?: string;
  position?: number;
}
