import { Alert, Anchor, Button, Grid, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from 'react-router';
import { errorText } from '../../api/errors';
import { useMe } from '../../api/session';
import type { PostbackRule } from '../../api/types';
import { RULE_TYPE_WORDS } from '../../components/rule-words';
import { ApprovalAlert } from './approval-alert';
import { ConditionsFields } from './conditions-fields';
import { DeliveryFields } from './delivery-fields';
import { HealthPanel } from './health-panel';
import { MacroTargetProvider } from './macro-target';
import { PresetPicker } from './preset-picker';
import { PreviewPanel, useLivePreview } from './preview-panel';
import { RequestFields } from './request-fields';
import {
  formErrorsOf,
  NETWORK_LEVEL,
  newRuleValues,
  ruleBodyOf,
  type RuleFormValues,
  valuesOf,
} from './rule-form';
import { ScopeFields } from './scope-fields';
import { Section } from '../../components/section';
import { SendTestPanel } from './send-test-panel';
import { useSaveRule } from './use-save-rule';

export function RuleEditor({ rule }: { rule: PostbackRule | null }) {
  const me = useMe();
  const form = useForm<RuleFormValues>({
    initialValues: rule ? valuesOf(rule, newRuleValues(me)) : newRuleValues(me),
    validate: {
      name: (value) => (value.trim() ? null : 'Give the rule a name'),
      url: (value) => (value.trim() ? null : 'Enter the URL to send to'),
      publisher: (value) => (value ? null : 'Choose a publisher, or network-level'),
    },
  });
  const body = ruleBodyOf(form.values, me);
  const preview = useLivePreview(body);
  // The preview's errors, shown on the template fields they name until a save says otherwise.
  const liveErrors = formErrorsOf(preview.data?.errors ?? [], form.values);
  const publisherOwned =
    me.role === 'publisher' ||
    (form.values.publisher !== '' && form.values.publisher !== NETWORK_LEVEL);

  const save = useSaveRule(rule, form);

  return (
    <MacroTargetProvider>
      <form onSubmit={form.onSubmit(() => save.mutate(body))} noValidate>
        <Stack gap="md">
          <Group justify="space-between" align="flex-end">
            <div>
              <Anchor component={Link} to="/rules" size="sm">
                ← Postback rules
              </Anchor>
              <Title order={2}>{rule ? rule.name : 'New postback rule'}</Title>
            </div>
            <Button type="submit" loading={save.isPending}>
              {rule ? 'Save changes' : 'Save rule'}
            </Button>
          </Group>
          {rule && <ApprovalAlert rule={rule} />}
          {rule?.pausedReason && (
            <Alert color="yellow" title="Paused automatically">
              {rule.pausedReason}. Turn Enabled back on and save to resume it.
            </Alert>
          )}
          {save.isError && (
            <Alert color="red" role="alert" title="Not saved">
              {errorText(save.error)}
            </Alert>
          )}
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Stack gap="md">
                <Section title="Start from a preset">
                  <PresetPicker
                    builtFrom={form.values.presetId}
                    // Checked as the chosen owner's rule (network-level until one is chosen);
                    // the scope stays the form's.
                    scope={{
                      publisherId: me.role === 'admin' ? (body.publisherId ?? null) : undefined,
                      offerIds: body.offerIds ?? [],
                    }}
                    onRendered={(rendered) => {
                      const { publisher, offerIds } = form.values;
                      form.setValues({ ...valuesOf(rendered, form.values), publisher, offerIds });
                    }}
                  />
                </Section>
                <Section title="Rule">
                  <TextInput label="Name" required {...form.getInputProps('name')} />
                  <Select
                    label="Type"
                    description="What the rule reports."
                    data={Object.entries(RULE_TYPE_WORDS).map(([value, label]) => ({
                      value,
                      label,
                    }))}
                    allowDeselect={false}
                    {...form.getInputProps('type')}
                  />
                  <ScopeFields form={form} />
                </Section>
                <Section title="Request">
                  <RequestFields
                    form={form}
                    publisherOwned={publisherOwned}
                    liveErrors={liveErrors}
                  />
                </Section>
                <Section title="When it fires">
                  <ConditionsFields form={form} />
                </Section>
                <Section title="Delivery">
                  <DeliveryFields form={form} hasSigningSecret={rule?.hasSigningSecret ?? false} />
                </Section>
                <Group justify="flex-end">
                  <Button type="submit" loading={save.isPending}>
                    {rule ? 'Save changes' : 'Save rule'}
                  </Button>
                </Group>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              {/* In view while the form scrolls; scrolls by itself when taller than the window. */}
              <Stack
                gap="md"
                pos="sticky"
                top={72}
                mah="calc(100vh - 88px)"
                style={{ overflowY: 'auto' }}
              >
                <PreviewPanel
                  body={body}
                  preview={preview}
                  signed={
                    !form.values.removeSigningSecret &&
                    (!!body.signingSecret || !!rule?.hasSigningSecret)
                  }
                />
                <SendTestPanel ruleId={rule?.id ?? null} dirty={form.isDirty()} />
                {rule && <HealthPanel ruleId={rule.id} />}
              </Stack>
            </Grid.Col>
          </Grid>
        </Stack>
      </form>
    </MacroTargetProvider>
  );
}
