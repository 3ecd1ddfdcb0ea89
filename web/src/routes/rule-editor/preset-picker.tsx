import { Alert, Anchor, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { catalogQueries } from '../../api/catalog';
import { ApiError, errorText } from '../../api/errors';
import { renderPreset } from '../../api/rules';
import type { Preset, PresetId, RuleBody } from '../../api/types';

const KIND_WORDS: Record<Preset['kind'], string> = {
  tracker: 'Trackers',
  ad_network: 'Ad networks',
  crm: 'CRMs and generic receivers',
};

interface Props {
  // The preset the form's request came from, if any.
  builtFrom: string | null;
  scope: { publisherId?: number | null; offerIds: number[] };
  onRendered: (rule: RuleBody & { name: string }) => void;
}

// A receiver preset (SPEC §12): pick one, fill its few fields, and the form is filled from it.
export function PresetPicker({ builtFrom, scope, onRendered }: Props) {
  const presets = useQuery(catalogQueries.presets());
  const [presetId, setPresetId] = useState<PresetId | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const preset = presets.data?.find((p) => p.id === presetId);
  const origin = presets.data?.find((p) => p.id === builtFrom);
  const render = useMutation({
    mutationFn: () => renderPreset(presetId!, { fields, ...scope }),
    onSuccess: onRendered,
  });
  const fieldError = (name: string) =>
    render.error instanceof ApiError
      ? render.error.details.find((d) => d.field === `fields.${name}`)?.message
      : undefined;
  const otherError =
    render.error && !(preset?.fields.some((f) => fieldError(f.name)) ?? false)
      ? errorText(render.error)
      : null;

  const groups = Object.entries(KIND_WORDS).map(([kind, group]) => ({
    group,
    items: (presets.data ?? [])
      .filter((p) => p.kind === kind)
      .map((p) => ({ value: p.id, label: p.name })),
  }));

  return (
    <Stack gap="sm">
      <Select
        label="Receiver preset"
        description="Fills the request from a tracker's or network's documented postback format."
        placeholder={
          presets.isError ? 'Presets could not be loaded' : 'Choose a receiver (optional)'
        }
        data={groups}
        value={presetId}
        onChange={(id) => {
          setPresetId(id as PresetId | null); // one of the listed presets' ids
          setFields({});
          render.reset();
        }}
        searchable
        clearable
        error={presets.isError ? errorText(presets.error) : undefined}
      />
      {origin && !preset && (
        <Text size="sm" c="dimmed">
          The request was filled from the {origin.name} preset.
        </Text>
      )}
      {preset && (
        <Stack gap="xs">
          {preset.fields.map((field) => (
            <TextInput
              key={field.name}
              label={field.label}
              placeholder={field.example}
              required={field.required}
              value={fields[field.name] ?? ''}
              onChange={(event) =>
                setFields({ ...fields, [field.name]: event.currentTarget.value })
              }
              error={fieldError(field.name)}
            />
          ))}
          <Text size="sm" c="dimmed">
            {preset.notes}{' '}
            <Anchor href={preset.docsUrl} target="_blank" rel="noreferrer" size="sm">
              {preset.name} documentation
            </Anchor>
          </Text>
          {otherError && (
            <Alert color="red" role="alert">
              {otherError}
            </Alert>
          )}
          <Group>
            <Button variant="light" onClick={() => render.mutate()} loading={render.isPending}>
              Fill the form from {preset.name}
            </Button>
            {render.isSuccess && (
              <Text size="sm" c="green.8" role="status">
                Filled from {preset.name}. Check the preview.
              </Text>
            )}
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
