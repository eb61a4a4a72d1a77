/*
 * 满意度调查 (questionnaire) arithmetic, DOMAIN §8: 满意度 = satisfied answers ÷ valid answers.
 *
 * Each question of a questionnaire records how many valid answers chose each option 非常满意 / 满意 / 基本满意 / 不满意.
 * "Satisfied" is 非常满意 + 满意 (基本满意 is the neutral middle and does not count as satisfied, as in the field's
 * reports: "满意及以上占比"). The valid answers of a question are the sum of its four counts (a questionnaire that
 * left the question blank or spoiled it is not counted for it).
 *
 * - Per question: (非常满意 + 满意) ÷ (非常满意 + 满意 + 基本满意 + 不满意).
 * - Overall: the answers of all questions pooled — Σ(非常满意 + 满意) ÷ Σ valid answers — so a question most people
 *   answered weighs more than one few answered (not the mean of the per-question rates).
 * - No valid answers: no rate (null), never 0 % or 100 %.
 * Rates are fractions in [0, 1]; formatRate shows them as a percentage with one decimal.
 */

export const SATISFACTION_OPTIONS = ['verySatisfied', 'satisfied', 'fairlySatisfied', 'dissatisfied'] as const;
export type SatisfactionOption = (typeof SATISFACTION_OPTIONS)[number];

export const SATISFACTION_OPTION_LABELS: Record<SatisfactionOption, string> = {
  verySatisfied: '非常满意',
  satisfied: '满意',
  fairlySatisfied: '基本满意',
  dissatisfied: '不满意',
};

/** The options that count as satisfied. */
export const SATISFIED_OPTIONS: readonly SatisfactionOption[] = ['verySatisfied', 'satisfied'];

export type SatisfactionCounts = Record<SatisfactionOption, number>;

export interface QuestionTally {
  satisfied: number;
  valid: number;
  rate: number | null;
}

export interface SatisfactionSummary {
  questions: QuestionTally[];
  satisfied: number;
  valid: number;
  /** The overall rate (pooled answers), null without any valid answer. */
  rate: number | null;
}

const rateOf = (satisfied: number, valid: number): number | null => (valid > 0 ? satisfied / valid : null);

export function tallyQuestion(counts: SatisfactionCounts): QuestionTally {
  const valid = SATISFACTION_OPTIONS.reduce((sum, option) => sum + (counts[option] ?? 0), 0);
  const satisfied = SATISFIED_OPTIONS.reduce((sum, option) => sum + (counts[option] ?? 0), 0);
  return { satisfied, valid, rate: rateOf(satisfied, valid) };
}

export function satisfactionSummary(questions: readonly { counts: SatisfactionCounts }[]): SatisfactionSummary {
  const tallies = questions.map((question) => tallyQuestion(question.counts));
  const satisfied = tallies.reduce((sum, t) => sum + t.satisfied, 0);
  const valid = tallies.reduce((sum, t) => sum + t.valid, 0);
  return { questions: tallies, satisfied, valid, rate: rateOf(satisfied, valid) };
}

/** "85.7%" (one decimal), or "—" when there is no rate. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
