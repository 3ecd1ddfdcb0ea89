import { createContext, type ReactNode, useContext, useMemo, useRef, useState } from 'react';

// A template field the macro picker can insert into: the one focused last.
export interface MacroTarget {
  label: string;
  insert: (text: string) => void;
}

interface MacroTargets {
  current: MacroTarget | null;
  focus: (target: MacroTarget) => void;
  insert: (text: string) => void;
}

const Context = createContext<MacroTargets | null>(null);

export function MacroTargetProvider({ children }: { children: ReactNode }) {
  const target = useRef<MacroTarget | null>(null);
  const [current, setCurrent] = useState<MacroTarget | null>(null);
  const value = useMemo<MacroTargets>(
    () => ({
      current,
      focus: (next) => {
        target.current = next;
        setCurrent((previous) => (previous?.label === next.label ? previous : next));
      },
      insert: (text) => target.current?.insert(text),
    }),
    [current],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useMacroTargets(): MacroTargets {
  const targets = useContext(Context);
  if (!targets) throw new Error('useMacroTargets outside MacroTargetProvider');
  return targets;
}
