import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { createRule, ruleQueries, updateRule } from '../../api/rules';
import { useMe } from '../../api/session';
import type { PostbackRule, RuleBody, SavedRule } from '../../api/types';
import { formErrorsOf, newRuleValues, type RuleForm, valuesOf } from './rule-form';

// Create or PATCH; the API's field errors land on the fields, a new rule opens at its own URL.
export function useSaveRule(rule: PostbackRule | null, form: RuleForm) {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (toSave: RuleBody) => (rule ? updateRule(rule.id, toSave) : createRule(toSave)),
    onSuccess: (saved: SavedRule) => {
      void queryClient.invalidateQueries({ queryKey: ruleQueries.all });
      queryClient.setQueryData(ruleQueries.detail(saved.id).queryKey, saved);
      const warned = saved.warnings.length;
      notifications.show({
        color: warned ? 'yellow' : 'green',
        message: warned
          ? `Saved, with ${warned} warning${warned > 1 ? 's' : ''} (see the preview).`
          : 'Saved.',
      });
      if (!rule) {
        void navigate(`/rules/${saved.id}`, { replace: true });
        return;
      }
      // What was saved, as the API has it (a typed signing secret is not shown again).
      const stored = valuesOf(saved, newRuleValues(me));
      form.setValues(stored);
      form.resetDirty(stored);
    },
    onError: (error) => {
      if (error instanceof ApiError) form.setErrors(formErrorsOf(error.details, form.values));
    },
  });
}
