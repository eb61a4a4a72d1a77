import type { GuardDefinition, StateWork } from './definition.types';
import { DEPARTMENT } from './parties';
import { factIsTrue, factIsZero } from './guards';

/*
 * Guards the two evaluation lifecycles (evaluation-key, evaluation-self) share word for word, with the facts they
 * read. Each definition's facts type includes these fields, so the entries fit both guard lists.
 */
export interface SharedEvaluationFacts {
  /** Every stage of the commission has its deadline. */
  deadlinesSet: boolean;
  selfScoresComplete: boolean;
  deviationReasonsGiven: boolean;
  budgetDataEntered: boolean;
  narrativeComplete: boolean;
  /** Rectification items neither verified nor carried over: must be 0. */
  openRectificationItems: number;
}

export const DEADLINES_SET_GUARD = { id: 'deadlines_set', zh: '各阶段期限均已设定', en: 'every stage deadline set', reads: ['deadlinesSet'], test: (f) => factIsTrue(f.deadlinesSet) } as const satisfies GuardDefinition<'deadlines_set', SharedEvaluationFacts>;

/** What the department head's submission of the self-evaluation requires, in both lifecycles (in this order). */
export const SELF_EVALUATION_GUARDS = [
  { id: 'self_scores_complete', zh: '自评表所有三级指标均已填报自评得分', en: 'every level-3 indicator self-scored', reads: ['selfScoresComplete'], test: (f) => factIsTrue(f.selfScoresComplete) },
  { id: 'deviation_reasons_given', zh: '未达目标的指标均已说明偏差原因', en: 'every shortfall has a deviation analysis', reads: ['deviationReasonsGiven'], test: (f) => factIsTrue(f.deviationReasonsGiven) },
  { id: 'budget_data_entered', zh: '预算执行数据已填报', en: 'budget data entered', reads: ['budgetDataEntered'], test: (f) => factIsTrue(f.budgetDataEntered) },
  { id: 'narrative_complete', zh: '自评报告各部分均已填写', en: 'every narrative section written', reads: ['narrativeComplete'], test: (f) => factIsTrue(f.narrativeComplete) },
] as const satisfies readonly GuardDefinition<string, SharedEvaluationFacts>[];

export const ALL_RECTIFICATION_ITEMS_CLOSED_GUARD = { id: 'all_rectification_items_closed', zh: '所有整改事项均已核查通过或结转', en: 'every rectification item verified or carried over', reads: ['openRectificationItems'], test: (f) => factIsZero(f.openRectificationItems) } as const satisfies GuardDefinition<'all_rectification_items_closed', SharedEvaluationFacts>;

/** The department's data entry in both lifecycles (the inbox shows it; the head's submission is the transition). */
export const FILL_SELF_EVALUATION: StateWork = {
  permits: [DEPARTMENT],
  label: { zh: '填报自评表、预算执行数据和自评报告', en: 'Fill the self-evaluation form, budget data and report' },
};
export const WORK_OFF_RECTIFICATION: StateWork = {
  permits: [DEPARTMENT],
  label: { zh: '落实整改并报送整改情况', en: 'Work off the rectification items' },
};
