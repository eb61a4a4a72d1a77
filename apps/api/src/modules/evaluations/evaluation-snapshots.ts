import { Injectable } from '@nestjs/common';
import type { EvaluationRecord, Queryable } from './evaluation.repository';

/**
 * What an approval approved (ARCHITECTURE rule 4): the terms, the team and deadlines, the indicator entries with
 * self-scores and scores, the self-evaluation report and the findings with their answers, as they stood at that moment.
 */
@Injectable()
export class EvaluationSnapshots {
  async capture(runner: Queryable, evaluation: EvaluationRecord): Promise<unknown> {
    // One after the other: inside a transaction they share one connection.
    const indicators = await runner.query(
        `SELECT code, target, actual, self_score::float AS "selfScore", deviation_reason AS "deviationReason", score::float AS score,
           deduction_reason AS "deductionReason", change_reason AS "changeReason"
         FROM evaluation_indicator_entries WHERE evaluation_id = $1 ORDER BY code`,
        [evaluation.id],
      );
    const report = await runner.query(`SELECT narrative, budget_fen::text AS "budgetFen", spent_fen::text AS "spentFen" FROM self_evaluation_reports WHERE evaluation_id = $1`, [evaluation.id]);
    const findings = await runner.query(
        `SELECT seq, category, title, description, cause_analysis AS "causeAnalysis", recommendation, indicator_code AS "indicatorCode",
           answer, answer_text AS "answerText", adjudication, adjudication_reason AS "adjudicationReason"
         FROM findings WHERE evaluation_id = $1 ORDER BY seq`,
        [evaluation.id],
      );
    const { today: _today, ...terms } = evaluation;
    return { evaluation: terms, indicators, selfEvaluationReport: report[0] ?? null, findings };
  }
}
