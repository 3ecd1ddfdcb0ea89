// The macro catalogue is the server's own (SPEC §7): one list, so the picker can't drift from
// what the linter accepts. The file is plain data with no imports.
import {
  MACROS,
  type MacroDefinition,
  SAMPLE_VALUES,
} from '../../../../src/postbacks/templates/macros';

export { SAMPLE_VALUES };
export type { MacroDefinition };

// Macros a rule may use: network-only ones (revenue, advertiser id) never in a publisher's rule.
export function usableMacros(publisherOwned: boolean): readonly MacroDefinition[] {
  return publisherOwned ? MACROS.filter((m) => !m.networkOnly) : MACROS;
}

// Completion candidates for what was typed after `{`: names first, then aliases and words.
export function matchingMacros(
  macros: readonly MacroDefinition[],
  typed: string,
): readonly MacroDefinition[] {
  const text = typed.toLowerCase();
  if (text === '') return macros;
  const byName = macros.filter((m) => m.name.startsWith(text));
  const other = macros.filter(
    (m) =>
      !byName.includes(m) &&
      (m.aliases.some((a) => a.startsWith(text)) || m.description.toLowerCase().includes(text)),
  );
  return [...byName, ...other];
}
