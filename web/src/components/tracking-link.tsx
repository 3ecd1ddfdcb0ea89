import { Alert, Code, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogQueries } from '../api/catalog';
import type { PresetId } from '../api/types';
import { CopyField } from './copy-field';
import { ErrorState, LoadingState } from './states';

export const NO_TRACKER = 'none';

// The tracker whose click-id macro goes into the link's external_transaction_id (SPEC §12):
// only presets that have one are offered.
export function TrackerSelect({
  value,
  onChange,
}: {
  value: PresetId | null;
  onChange: (presetId: PresetId | null) => void;
}) {
  const presets = useQuery(catalogQueries.presets());
  const trackers = (presets.data ?? []).filter((preset) => preset.clickIdMacro);
  return (
    <Select
      label="Tracker"
      description="Its click-id macro is put in the link, so postbacks can carry your click id."
      allowDeselect={false}
      searchable
      data={[
        { value: NO_TRACKER, label: 'None: I add my click id myself' },
        ...trackers.map((preset) => ({
          value: preset.id,
          label: `${preset.name} (${preset.clickIdMacro})`,
        })),
      ]}
      value={value ?? NO_TRACKER}
      onChange={(next) => onChange(next === NO_TRACKER || !next ? null : (next as PresetId))}
      error={presets.isError ? 'The trackers could not be loaded.' : undefined}
      w={340}
    />
  );
}

// An offer's tracking link for a publisher, as the API builds it, with its note in words.
// A publisher passes no publisherId: the API answers its own link.
export function TrackingLinkResult({
  offerId,
  publisherId,
  presetId,
  label = 'Tracking link',
}: {
  offerId: number;
  publisherId?: number;
  presetId: PresetId | null;
  label?: string;
}) {
  const link = useQuery(catalogQueries.trackingLink(offerId, publisherId, presetId ?? undefined));
  if (link.isPending) return <LoadingState label="Building the link" />;
  if (link.isError) return <ErrorState error={link.error} onRetry={() => void link.refetch()} />;
  const { url, clickIdMacro, note } = link.data;
  return (
    <Stack gap="xs">
      <CopyField
        label={label}
        value={url}
        description={
          clickIdMacro ? (
            <>
              The tracker replaces <Code>{clickIdMacro}</Code> with its click id on every visit.
            </>
          ) : undefined
        }
      />
      {note && (
        <Alert color="yellow" variant="light" role="status">
          <Text size="sm">{note}</Text>
        </Alert>
      )}
    </Stack>
  );
}
