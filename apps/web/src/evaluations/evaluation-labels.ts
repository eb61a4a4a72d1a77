import {
  EVALUATION_KIND_LABELS,
  EVALUATION_SCOPE_LABELS,
  type DeadlineDto,
  type EvaluationKind,
  type EvaluationScope,
  type FindingAdjudication,
  type FindingAnswer,
} from '@evalflow/domain';
import { EVALUATION_KEY, EVALUATION_SELF, RATING_PARAMETER, type StateDefinition } from '@evalflow/workflow';

export const evaluationKindLabel = (kind: EvaluationKind): string => EVALUATION_KIND_LABELS[kind]?.zh ?? kind;
export const evaluationScopeLabel = (scope: EvaluationScope): string => EVALUATION_SCOPE_LABELS[scope]?.zh ?? scope;

/** Short kind names for table cells and tags. */
export const EVALUATION_KIND_SHORT: Record<EvaluationKind, string> = { key: '重点评价', self: '部门自评' };

const STATES_BY_KIND: Record<EvaluationKind, readonly StateDefinition[]> = { key: EVALUATION_KEY.states, self: EVALUATION_SELF.states };

/**
 * The 状态 filter: the states of one lifecycle when a kind is chosen, else of both (a state both share but name
 * differently, e.g. commissioned 已下达评价通知 / 已下达自评通知, shows both names).
 */
export function stateFilterOptions(kind?: EvaluationKind): { value: string; label: string }[] {
  const kinds: EvaluationKind[] = kind ? [kind] : ['key', 'self'];
  const labels = new Map<string, string[]>();
  for (const state of kinds.flatMap((k) => STATES_BY_KIND[k])) {
    const names = labels.get(state.id) ?? [];
    if (!names.includes(state.label.zh)) names.push(state.label.zh);
    labels.set(state.id, names);
  }
  return [...labels].map(([value, names]) => ({ value, label: names.join('／') }));
}

export const ratingLabel = (rating: string): string => RATING_PARAMETER.options.find((option) => option.value === rating)?.zh ?? rating;

export const DEADLINE_STATUS_LABELS: Record<DeadlineDto['status'], { text: string; color: string }> = {
  pending: { text: '未开始', color: 'default' },
  active: { text: '进行中', color: 'processing' },
  done: { text: '已结束', color: 'success' },
};

export const FINDING_ANSWER_LABELS: Record<FindingAnswer, { text: string; color: string }> = {
  accepted: { text: '认可', color: 'green' },
  disputed: { text: '有异议', color: 'orange' },
};

export const FINDING_ADJUDICATION_LABELS: Record<FindingAdjudication, { text: string; color: string }> = {
  upheld: { text: '维持', color: 'blue' },
  revised: { text: '修改', color: 'gold' },
  withdrawn: { text: '撤销', color: 'default' },
};
