import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeadlineKey, DeadlineSetting, EvaluationDto, ReminderPoliciesDto, ReminderPolicySettingDto, SaveReminderPolicyInput } from '@evalflow/domain';
import { api } from '../api/api-client';
import { evaluationKeys } from '../evaluations/evaluations-api';

const policyKeys = { all: ['reminder-policies'] as const };

export function useReminderPolicies() {
  return useQuery({ queryKey: policyKeys.all, queryFn: () => api.get<ReminderPoliciesDto>('/reminder-policies') });
}

export function useSaveReminderPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveReminderPolicyInput) => api.put<ReminderPolicySettingDto>('/reminder-policies', input),
    onSettled: () => client.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

/** 调整期限: moves a deadline (or changes its owner); its reminders are rescheduled by the API. */
export function useMoveDeadline(evaluationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: DeadlineKey; setting: DeadlineSetting; expectedVersion: number }) =>
      api.put<EvaluationDto>(`/evaluations/${encodeURIComponent(evaluationId)}/deadlines/${input.key}`, { setting: input.setting, expectedVersion: input.expectedVersion }),
    onSettled: () => client.invalidateQueries({ queryKey: evaluationKeys.detail(evaluationId) }),
  });
}
