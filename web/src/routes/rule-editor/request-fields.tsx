import { ActionIcon, Button, Group, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import type { HttpMethod } from '../../api/types';
import { MacroPicker } from './macro-picker';
import { headerRow, type RuleForm } from './rule-form';
import { TemplateInput } from './template-input';

const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT'];

interface Props {
  form: RuleForm;
  publisherOwned: boolean;
  // Errors the live preview found, by form path.
  liveErrors: Record<string, string>;
}

// What is sent: method, URL, headers and body, each template able to hold macros.
export function RequestFields({ form, publisherOwned, liveErrors }: Props) {
  const { values } = form;
  const template = (path: 'url' | 'body') => ({
    value: values[path],
    onChange: (value: string) => form.setFieldValue(path, value),
    error: form.errors[path] ?? liveErrors[path],
    publisherOwned,
  });

  return (
    <Stack gap="sm">
      <Radio.Group label="Method" {...form.getInputProps('method')}>
        <Group gap="lg" mt={6}>
          {METHODS.map((method) => (
            <Radio key={method} value={method} label={method} />
          ))}
        </Group>
      </Radio.Group>
      <TemplateInput
        label="URL"
        wrapped
        required
        placeholder="https://tracker.example/postback?subid={external_transaction_id}&status={status}"
        description="Type { for macros; they are encoded for the URL when sent."
        {...template('url')}
      />
      <HeaderRows form={form} publisherOwned={publisherOwned} liveErrors={liveErrors} />
      {values.method !== 'GET' && (
        <>
          <Select
            label="Body content type"
            data={[
              {
                value: 'application/x-www-form-urlencoded',
                label: 'Form (application/x-www-form-urlencoded)',
              },
              { value: 'application/json', label: 'JSON (application/json)' },
            ]}
            allowDeselect={false}
            {...form.getInputProps('contentType')}
          />
          <TemplateInput
            label="Body"
            multiline
            placeholder={
              values.contentType === 'application/json'
                ? '{"click_id": "{external_transaction_id}", "status": "{status}"}'
                : 'click_id={external_transaction_id}&status={status}'
            }
            description="Macros are escaped for the content type: JSON strings or form encoding."
            {...template('body')}
          />
        </>
      )}
      <MacroPicker publisherOwned={publisherOwned} />
    </Stack>
  );
}

function HeaderRows({ form, publisherOwned, liveErrors }: Props) {
  const rows = form.values.headers;
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        Headers
      </Text>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No headers of the rule's own. Every request carries User-Agent and Idempotency-Key.
        </Text>
      )}
      {rows.map((row, index) => (
        <Group key={row.key} align="flex-start" gap="xs" wrap="nowrap">
          <TextInput
            label={`Header ${index + 1} name`}
            placeholder="X-Token"
            w={200}
            {...form.getInputProps(`headers.${index}.name`)}
          />
          <div style={{ flex: 1 }}>
            <TemplateInput
              label={`Header ${index + 1} value`}
              value={row.value}
              onChange={(value) => form.setFieldValue(`headers.${index}.value`, value)}
              error={form.errors[`headers.${index}.value`] ?? liveErrors[`headers.${index}.value`]}
              publisherOwned={publisherOwned}
            />
          </div>
          <ActionIcon
            variant="subtle"
            color="red"
            mt={26}
            size="lg"
            aria-label={`Remove header ${index + 1}`}
            onClick={() => form.removeListItem('headers', index)}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="subtle"
          size="xs"
          onClick={() => form.insertListItem('headers', headerRow())}
        >
          Add header
        </Button>
      </Group>
    </Stack>
  );
}
