import {
  Checkbox,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import type { RuleForm } from './rule-form';

// How it is delivered: attempts, timeout, signing, the expected answer, on/off.
export function DeliveryFields({
  form,
  hasSigningSecret,
}: {
  form: RuleForm;
  hasSigningSecret: boolean;
}) {
  return (
    <Stack gap="sm">
      <SimpleGrid cols={2} spacing="sm">
        <NumberInput
          label="Attempts"
          description="Retries on network errors, 408, 425, 429 and 5xx (1–20)."
          min={1}
          max={20}
          allowDecimal={false}
          {...form.getInputProps('maxAttempts')}
        />
        <NumberInput
          label="Timeout (ms)"
          description="Per attempt, 1,000–30,000."
          min={1000}
          max={30000}
          step={1000}
          allowDecimal={false}
          {...form.getInputProps('timeoutMs')}
        />
      </SimpleGrid>
      <PasswordInput
        label="Signing secret"
        description={
          hasSigningSecret
            ? 'A secret is set (never shown). Type a new one to replace it.'
            : 'Optional: whsec_ and base64. Requests then carry Standard Webhooks signature headers.'
        }
        placeholder={hasSigningSecret ? 'Unchanged' : 'whsec_…'}
        autoComplete="off"
        disabled={form.values.removeSigningSecret}
        {...form.getInputProps('signingSecret')}
      />
      {hasSigningSecret && (
        <Checkbox
          label="Remove the signing secret"
          {...form.getInputProps('removeSigningSecret', { type: 'checkbox' })}
        />
      )}
      <TextInput
        label="Expected response text"
        description="Optional: a 2xx answer without this text counts as failed (for receivers that answer 200 ERROR)."
        maxLength={200}
        {...form.getInputProps('expectBody')}
      />
      <Switch label="Enabled" {...form.getInputProps('enabled', { type: 'checkbox' })} />
    </Stack>
  );
}
