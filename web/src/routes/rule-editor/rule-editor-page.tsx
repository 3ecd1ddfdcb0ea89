import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { ruleQueries } from '../../api/rules';
import { NotFoundPage } from '../../components/not-found-page';
import { ErrorState, LoadingState } from '../../components/states';
import { RuleEditor } from './rule-editor';

// /rules/new and /rules/:id. Another publisher's rule is a 404 from the API: the same
// not-found state as a rule that does not exist.
export function RuleEditorPage() {
  const { id } = useParams();
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
  return <RuleEditor key={rule.data.id} rule={rule.data} />;
}
