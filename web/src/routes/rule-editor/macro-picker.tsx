import { Select } from '@mantine/core';
import { useState } from 'react';
import { useMacroTargets } from './macro-target';
import { usableMacros } from './macros';

// "Insert macro": puts the chosen macro at the caret of the template field focused last.
export function MacroPicker({ publisherOwned }: { publisherOwned: boolean }) {
  const targets = useMacroTargets();
  const [key, setKey] = useState(0);
  const data = usableMacros(publisherOwned).map((m) => ({
    value: m.name,
    label: `{${m.name}} — ${m.description}`,
  }));
  return (
    <Select
      // Remounted after each pick, so it is empty again.
      key={key}
      label="Insert macro"
      description={
        targets.current
          ? `Goes into ${targets.current.label} at the cursor.`
          : 'Click into the URL, a header value or the body first.'
      }
      placeholder="Search macros"
      data={data}
      searchable
      disabled={!targets.current}
      maxDropdownHeight={300}
      onChange={(name) => {
        if (!name) return;
        targets.insert(`{${name}}`);
        setKey((k) => k + 1);
      }}
    />
  );
}
