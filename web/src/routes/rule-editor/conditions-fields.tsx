import {
  Checkbox,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { type RuleForm, STATUSES } from './rule-form';

const MAX_DELAY_SECONDS = 30 * 24 * 3600;

// When the rule fires: conversion statuses and reasons, events, the delay; and how {status} reads.
export function ConditionsFields({ form }: { form: RuleForm }) {
  const { type, statuses } = form.values;
  const conditional = type === 'conversion' || type === 'event';
  return (
    <Stack gap="sm">
      {conditional ? (
        <>
          <Checkbox.Group
            label="Fires when a conversion becomes"
            description="Each status fires at most once per conversion."
            {...form.getInputProps('statuses')}
          >
            <Group mt={6} gap="lg">
              {STATUSES.map((status) => (
                <Checkbox key={status} value={status} label={status} />
              ))}
            </Group>
          </Checkbox.Group>
          {statuses.includes('rejected') && (
            <TagsInput
              label="Rejection reasons"
              description="Only these reasons fire the rejected postback; none listed: any reason. Press Enter after each."
              placeholder="e.g. fraud"
              {...form.getInputProps('rejectionReasons')}
            />
          )}
          {type === 'event' && (
            <TagsInput
              label="Events"
              description="Only these events (goals) fire; none listed: every event. Press Enter after each."
              placeholder="e.g. deposit"
              {...form.getInputProps('events')}
            />
          )}
          <div>
            <Text size="sm" fw={600}>
              Status map
            </Text>
            <Text size="xs" c="dimmed" mb={4}>
              What {'{status}'} sends for each status; empty sends the status as it is.
            </Text>
            <SimpleGrid cols={3} spacing="xs">
              {STATUSES.map((status) => (
                <TextInput
                  key={status}
                  label={`Send for ${status}`}
                  placeholder={status}
                  {...form.getInputProps(`statusMap.${status}`)}
                />
              ))}
            </SimpleGrid>
          </div>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          A {type} rule fires for every {type} in its scope.
        </Text>
      )}
      <NumberInput
        label="Delay (seconds)"
        description={`0 fires at once. A hold for fraud checks, up to 30 days. ${delayWords(form.values.delaySeconds)}`}
        min={0}
        max={MAX_DELAY_SECONDS}
        allowDecimal={false}
        allowNegative={false}
        {...form.getInputProps('delaySeconds')}
      />
    </Stack>
  );
}

function delayWords(value: number | string): string {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 60) return '';
  const parts: string[] = [];
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  return `(= ${parts.join(' ')})`;
}
