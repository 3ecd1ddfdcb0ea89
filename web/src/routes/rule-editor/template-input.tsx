import { Combobox, Text, Textarea, TextInput, useCombobox } from '@mantine/core';
import {
  type ChangeEvent,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useRef,
  useState,
} from 'react';
import { useMacroTargets } from './macro-target';
import { matchingMacros, usableMacros } from './macros';

// `{` and the start of a macro name, just before the caret.
const TYPED_MACRO = /\{([A-Za-z0-9_]*)$/;
const MAX_SUGGESTIONS = 12;

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
  description?: ReactNode;
  placeholder?: string;
  // Several lines (a body), or one line shown wrapped (a long URL), or a plain input.
  multiline?: boolean;
  wrapped?: boolean;
  publisherOwned: boolean;
  required?: boolean;
}

type Field = HTMLInputElement | HTMLTextAreaElement;

// A text field for a template (URL, header value, body): typing `{` suggests macros, and the
// macro picker inserts at its caret when it was the field focused last.
export function TemplateInput({
  label,
  value,
  onChange,
  publisherOwned,
  multiline,
  wrapped,
  ...rest
}: Props) {
  const ref = useRef<Field>(null);
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  const combobox = useCombobox();
  const [typed, setTyped] = useState<string | null>(null);
  const targets = useMacroTargets();
  const suggestions =
    typed === null
      ? []
      : matchingMacros(usableMacros(publisherOwned), typed).slice(0, MAX_SUGGESTIONS);

  useEffect(() => {
    if (suggestions.length > 0) {
      combobox.openDropdown();
      combobox.selectFirstOption();
    } else combobox.closeDropdown();
  }, [typed, suggestions.length]);

  // Replaces text[start, end) and puts the caret after what was put in.
  const replace = (start: number, end: number, text: string) => {
    const current = latest.current.value;
    latest.current.onChange(current.slice(0, start) + text + current.slice(end));
    setTyped(null);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  const readTyped = (field: Field) => {
    const caret = field.selectionStart ?? field.value.length;
    const match =
      field.selectionEnd === caret ? TYPED_MACRO.exec(field.value.slice(0, caret)) : null;
    setTyped(match ? match[1] : null);
  };

  const complete = (name: string) => {
    const field = ref.current;
    if (!field || typed === null) return;
    const caret = field.selectionStart ?? field.value.length;
    // A `}` already right after the caret closes the macro: not doubled.
    const end = field.value[caret] === '}' ? caret + 1 : caret;
    replace(caret - typed.length - 1, end, `{${name}}`);
  };

  const onFocus = () =>
    targets.focus({
      label,
      insert: (text) => {
        const field = ref.current;
        const length = latest.current.value.length;
        replace(field?.selectionStart ?? length, field?.selectionEnd ?? length, text);
      },
    });

  const fieldProps = {
    ...rest,
    ref: ref as never,
    label,
    value,
    spellCheck: false,
    autoComplete: 'off',
    onFocus,
    onChange: (event: ChangeEvent<Field>) => {
      // A wrapped one-line field takes no line breaks (pasted ones are dropped).
      onChange(
        wrapped ? event.currentTarget.value.replace(/[\r\n]/g, '') : event.currentTarget.value,
      );
      readTyped(event.currentTarget);
    },
    onKeyDown: (event: KeyboardEvent<Field>) => {
      if (wrapped && event.key === 'Enter' && !combobox.dropdownOpened) event.preventDefault();
    },
    onClick: (event: { currentTarget: Field }) => readTyped(event.currentTarget),
    onBlur: () => setTyped(null),
    styles: { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } },
  };

  return (
    <Combobox store={combobox} onOptionSubmit={complete} position="bottom-start" width={420}>
      {/* Arrow keys move the caret unless suggestions are showing. */}
      <Combobox.Target withKeyboardNavigation={combobox.dropdownOpened}>
        {multiline || wrapped ? (
          <Textarea autosize minRows={multiline ? 4 : 1} maxRows={14} {...fieldProps} />
        ) : (
          <TextInput {...fieldProps} />
        )}
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options aria-label="Macros" mah={280} style={{ overflowY: 'auto' }}>
          {suggestions.map((macro) => (
            <Combobox.Option value={macro.name} key={macro.name}>
              <Text size="sm" ff="monospace">
                {`{${macro.name}}`}
              </Text>
              <Text size="xs" c="dimmed">
                {macro.description}
              </Text>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
