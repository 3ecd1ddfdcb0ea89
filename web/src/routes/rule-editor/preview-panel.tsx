import { Alert, Code, List, Loader, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useMemo } from 'react';
import { errorText } from '../../api/errors';
import { ruleQueries } from '../../api/rules';
import type { Preview, RuleBody } from '../../api/types';
import { SAMPLE_VALUES } from './macros';
import { Section } from '../../components/section';

const PREVIEW_DELAY_MS = 300;

// The rule as the API renders it for a sample conversion (POST /api/postbacks/preview), asked
// again once the form has been still for a moment. Debounced as text: a new but equal body on
// every render must not restart the wait.
// The name does not change what is sent, and a new rule has none yet: it is left out.
export function useLivePreview(body: RuleBody): UseQueryResult<Preview> {
  const { name: _name, ...rendered } = body;
  const [debounced] = useDebouncedValue(JSON.stringify(rendered), PREVIEW_DELAY_MS);
  const settled = useMemo(() => JSON.parse(debounced) as RuleBody, [debounced]);
  return useQuery({ ...ruleQueries.preview(settled), enabled: settled.url !== '' });
}

interface Props {
  body: RuleBody;
  preview: UseQueryResult<Preview>;
  signed: boolean;
}

// What the receiver would get, with the linter's errors and warnings.
export function PreviewPanel({ body, preview, signed }: Props) {
  const data = preview.data;
  const sendsBody = body.method !== 'GET' && data?.body != null;

  return (
    <Section
      title="Live preview"
      aside={preview.isFetching && <Loader size="xs" aria-label="Updating preview" />}
    >
      {body.url === '' ? (
        <Text size="sm" c="dimmed">
          Type a URL or fill the form from a preset to see the request the receiver gets.
        </Text>
      ) : preview.isError ? (
        <Alert color="red" role="alert">
          The preview failed: {errorText(preview.error)}
        </Alert>
      ) : data ? (
        <>
          <Text size="xs" c="dimmed">
            Rendered with sample values: click id {SAMPLE_VALUES.external_transaction_id}, payout{' '}
            {SAMPLE_VALUES.payout} {SAMPLE_VALUES.currency}, status {SAMPLE_VALUES.raw_status}{' '}
            (before the status map).
          </Text>
          <Block label="Request">
            <Code block aria-label="Previewed request line" style={wrap}>
              {`${body.method} ${data.url}`}
            </Code>
          </Block>
          <Block label="Headers">
            <Code block aria-label="Previewed headers" style={wrap}>
              {[
                ...Object.entries(data.headers).map(([name, value]) => `${name}: ${value}`),
                ...(sendsBody
                  ? [`content-type: ${body.contentType ?? 'application/x-www-form-urlencoded'}`]
                  : []),
              ].join('\n') || '(none of the rule’s own)'}
            </Code>
            <Text size="xs" c="dimmed">
              Also sent: User-Agent, Idempotency-Key (the delivery id)
              {signed ? ', webhook-id, webhook-timestamp and webhook-signature' : ''}.
            </Text>
          </Block>
          {sendsBody && (
            <Block label="Body">
              <Code block aria-label="Previewed body" style={wrap}>
                {data.body}
              </Code>
            </Block>
          )}
          <Issues errors={data.errors} warnings={data.warnings} />
        </>
      ) : (
        <Text size="sm" c="dimmed">
          Rendering…
        </Text>
      )}
    </Section>
  );
}

const wrap = { whiteSpace: 'pre-wrap', wordBreak: 'break-all' } as const;

function Block({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

type Issue = { field: string; message: string };

function Issues({ errors, warnings }: { errors: Issue[]; warnings: Issue[] }) {
  if (errors.length === 0 && warnings.length === 0) {
    return (
      <Text size="sm" c="green.8" role="status">
        No errors or warnings.
      </Text>
    );
  }
  return (
    <>
      {errors.length > 0 && (
        <Alert
          color="red"
          title={`${errors.length} error${errors.length > 1 ? 's' : ''}: the rule can't be saved`}
          role="alert"
        >
          <IssueList issues={errors} />
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert color="yellow" title={`${warnings.length} warning${warnings.length > 1 ? 's' : ''}`}>
          <IssueList issues={warnings} />
        </Alert>
      )}
    </>
  );
}

function IssueList({ issues }: { issues: Issue[] }) {
  return (
    <List size="sm" spacing={4}>
      {issues.map((issue, i) => (
        <List.Item key={i}>
          <Text span size="sm" fw={600}>
            {issue.field}
          </Text>
          : {issue.message}
        </List.Item>
      ))}
    </List>
  );
}
