import { LRUCache } from 'lru-cache';
import {
  headerLiteral,
  headerValue,
  jsonEscape,
  percentEncode,
  RenderContext,
} from './macro-encoders';
import { canonicalMacroName, MacroValues } from './macros';

export { encodeMacroValue } from './macro-encoders';
export type { RenderContext } from './macro-encoders';

export interface MacroRef {
  // As written in the template, e.g. 'aff_click_id' or 'SUB1'.
  readonly name: string;
  // Undefined for an unknown name.
  readonly canonical: string | undefined;
  // Text after '|', e.g. 'raw'; undefined when absent.
  readonly modifier: string | undefined;
  readonly raw: boolean;
  // Index of the opening brace in the source.
  readonly position: number;
  // The whole token, e.g. '{sub1|raw}'.
  readonly token: string;
}

export type TemplatePart = string | MacroRef;

export interface ParsedTemplate {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  // Every macro-shaped token, known or not, in source order.
  readonly macros: readonly MacroRef[];
  // Unknown names and unknown modifiers: such a template must not be rendered.
  readonly unknown: readonly MacroRef[];
}

export class UnknownMacroError extends Error {
  readonly code = 'unknown_macro';

  constructor(readonly macros: readonly MacroRef[]) {
    super(
      `Template has unknown macros: ${macros.map((m) => `${m.token} at position ${m.position}`).join(', ')}`,
    );
    this.name = 'UnknownMacroError';
  }
}

// Uppercase is macro-shaped too, so `{SUB1}` is reported as unknown instead of passing as text.
const MACRO_TOKEN = /([A-Za-z_][A-Za-z0-9_]*)(?:\|([A-Za-z_][A-Za-z0-9_]*))?\}/y;

export function parseTemplate(source: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const macros: MacroRef[] = [];
  let from = 0; // start of the literal text not yet pushed
  for (let open = source.indexOf('{'); open !== -1; open = source.indexOf('{', open + 1)) {
    MACRO_TOKEN.lastIndex = open + 1;
    const match = MACRO_TOKEN.exec(source);
    if (match === null) continue; // a literal brace, e.g. JSON's `{"`
    if (open > from) parts.push(source.slice(from, open));
    const [, name, modifier] = match;
    const ref: MacroRef = Object.freeze({
      name,
      canonical: canonicalMacroName(name),
      modifier,
      raw: modifier === 'raw',
      position: open,
      token: source.slice(open, MACRO_TOKEN.lastIndex),
    });
    parts.push(ref);
    macros.push(ref);
    from = MACRO_TOKEN.lastIndex;
    open = from - 1;
  }
  if (from < source.length) parts.push(source.slice(from));
  const unknown = macros.filter(
    (m) => m.canonical === undefined || (m.modifier !== undefined && !m.raw),
  );
  return Object.freeze({
    source,
    parts: Object.freeze(parts),
    macros: Object.freeze(macros),
    unknown: Object.freeze(unknown),
  });
}

function identity(value: string): string {
  return value;
}

type Encoder = (value: string) => string;

const ENCODERS: Readonly<Record<RenderContext, { encoded: Encoder; raw: Encoder }>> = {
  url: { encoded: percentEncode, raw: identity },
  form: { encoded: percentEncode, raw: identity },
  json: { encoded: jsonEscape, raw: identity },
  header: { encoded: headerValue, raw: headerValue },
};

// Values are inserted once and never re-read as templates, so a value of '{payout}' stays text.
export function renderTemplate(
  parsed: ParsedTemplate,
  values: MacroValues,
  context: RenderContext,
): string {
  if (parsed.unknown.length > 0) throw new UnknownMacroError(parsed.unknown);
  const encoders = ENCODERS[context];
  const literal = context === 'header' ? headerLiteral : identity;
  let out = '';
  for (const part of parsed.parts) {
    if (typeof part === 'string') {
      out += literal(part);
      continue;
    }
    const value = values[part.canonical as string];
    if (value === null || value === undefined) continue;
    const text = typeof value === 'string' ? value : String(value);
    out += part.raw ? encoders.raw(text) : encoders.encoded(text);
  }
  return out;
}

export const TEMPLATE_CACHE_LIMIT = 1000;

// Rendering sits on hot paths (every click redirect, every delivery): parse each source once.
// Least recently used entries go first, so hot templates stay.
export class TemplateCache {
  // No TTL: a template's text is its key, so a parsed entry never goes stale.
  private readonly entries: LRUCache<string, ParsedTemplate>;

  constructor(limit = TEMPLATE_CACHE_LIMIT) {
    this.entries = new LRUCache({ max: limit });
  }

  get size(): number {
    return this.entries.size;
  }

  get(source: string): ParsedTemplate {
    const hit = this.entries.get(source);
    if (hit !== undefined) return hit;
    const parsed = parseTemplate(source);
    this.entries.set(source, parsed);
    return parsed;
  }

  clear(): void {
    this.entries.clear();
  }
}

const sharedCache = new TemplateCache();

export function compileTemplate(source: string): ParsedTemplate {
  return sharedCache.get(source);
}
