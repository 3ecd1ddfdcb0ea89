// Text that was meant as a macro but isn't one: an unclosed `{name`, a name with a character
// macros can't have (`{sub-1}`), another tracker's syntax (`#status#`). Each would be sent as
// literal text (SPEC §7: never), so each is an error.
import type { LintIssue } from './lint-issue';
import type { ParsedTemplate } from './macro-renderer';
import { suggestMacro } from './macro-suggestions';

const NAME_START = /\{([A-Za-z_][A-Za-z0-9_]*)(?:\|([A-Za-z_][A-Za-z0-9_]*))?/y;
// What a name with a typo may hold before its '}': `{sub-1}`, `{aff.id}`, `{sub1|}`.
const NAME_ISH = /^[A-Za-z0-9_.|-]*$/;
const FOREIGN_TOKEN = /#([A-Za-z_][A-Za-z0-9_]*)#/g;

function didYouMean(name: string): string {
  const suggestion = suggestMacro(name.replace(/[.-]/g, '_').replace(/\|.*/, ''));
  return suggestion === undefined
    ? 'macros are written {name}, e.g. {external_transaction_id}'
    : `did you mean {${suggestion}}?`;
}

function where(position: number, field: string): string {
  const label = field.startsWith('headers.') ? `header ${field.slice('headers.'.length)}` : field;
  return `at position ${position} in ${label}`;
}

// Every '{' that starts a name but no macro token.
export function unclosedMacros(parsed: ParsedTemplate, field: string): LintIssue[] {
  const macroAt = new Set(parsed.macros.map((m) => m.position));
  const issues: LintIssue[] = [];
  const { source } = parsed;
  for (let open = source.indexOf('{'); open !== -1; open = source.indexOf('{', open + 1)) {
    if (macroAt.has(open)) continue;
    NAME_START.lastIndex = open;
    const match = NAME_START.exec(source);
    if (match === null) continue; // a literal brace, e.g. JSON's `{"`
    const close = source.indexOf('}', NAME_START.lastIndex);
    const next = source.indexOf('{', open + 1);
    const inner = close === -1 ? '' : source.slice(open + 1, close);
    if (close !== -1 && (next === -1 || close < next) && NAME_ISH.test(inner)) {
      issues.push({
        code: 'unknown_macro',
        field,
        macro: inner,
        position: open,
        message: `{${inner}} ${where(open, field)} is not a macro: names hold only letters, digits and _; ${didYouMean(inner)}`,
      });
      continue;
    }
    const name = match[1];
    issues.push({
      code: 'unclosed_macro',
      field,
      macro: name,
      position: open,
      message: `'{' ${where(open, field)} opens {${name} but no '}' closes it, so it would be sent as text; write ${match[0]}}`,
    });
  }
  return issues;
}

// `#status#` (CAKE, some CRMs) in a URL: never filled in, and its '#' starts the fragment, which
// is never sent, so everything from there on would be lost too.
export function foreignMacros(source: string, field: string): LintIssue[] {
  return [...source.matchAll(FOREIGN_TOKEN)].map((match) => ({
    code: 'foreign_macro',
    field,
    macro: match[0],
    position: match.index,
    message: `${match[0]} ${where(match.index, field)} is another tracker's macro syntax: it is never filled in, and its '#' starts the URL fragment, which is never sent, so nothing from position ${match.index} on reaches the tracker; ${didYouMean(match[1])}`,
  }));
}
