import { Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { ruleQueries } from '../../api/rules';
import { NotFoundPage } from '../../components/not-found-page';
import { ErrorState, LoadingState } from '../../components/states';
import { RuleHistory } from '../rule-history/rule-history';
import { RuleEditor } from './rule-editor';

// /rules/new and /rules/:id (its History tab at ?tab=history). Another publisher's rule is a
// 404 from the API: the same not-found state as a rule that does not exist.
export function RuleEditorPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const ruleId = id === undefined ? null : /^[1-9][0-9]{0,9}$/.test(id) ? Number(id) : NaN;
  const rule = useQuery({ ...ruleQueries.detail(ruleId ?? 0), enabled: !!ruleId });

  if (ruleId === null) return <RuleEditor rule={null} />;
  if (Number.isNaN(ruleId)) return <NotFoundPage what="This postback rule" />;
  if (rule.isPending) return <LoadingState label="Loading the rule" />;
  if (rule.isError) {
    if (
      rule.error instanceof ApiError &&
      (rule.error.status === 404 || rule.error.status === 403)
    ) {
      return <NotFoundPage what="This postback rule" />;
    }
    return <ErrorState error={rule.error} onRetry={() => void rule.refetch()} />;
  }
  const tab = params.get('tab') === 'history' ? 'history' : 'rule';
  return (
    <Tabs
      value={tab}
      onChange={(value) => setParams(value === 'history' ? { tab: 'history' } : {})}
      keepMounted={false}
    >
      <Tabs.List mb="md">
        <Tabs.Tab value="rule">Rule</Tabs.Tab>
        <Tabs.Tab value="history">History</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="rule">
        <RuleEditor key={rule.data.id} rule={rule.data} />
      </Tabs.Panel>
      <Tabs.Panel value="history">
        <RuleHistory ruleId={rule.data.id} />
      </Tabs.Panel>
    </Tabs>
  );
}
