import { one, type Queryable } from '../../infrastructure/database/queryable';

/** 自评报告: the department's narrative per section and its budget figures (fen, as text: bigint). */
export interface SelfEvaluationReportRow {
  narrative: Record<string, string>;
  budgetFen: string | null;
  spentFen: string | null;
}

/** What a save changes: undefined leaves a field as stored. */
export interface SelfEvaluationReportWrite {
  narrative?: Record<string, string> | null;
  budgetFen?: number | null;
  spentFen?: number | null;
}

const REPORT_COLUMNS = `narrative, budget_fen::text AS "budgetFen", spent_fen::text AS "spentFen"`;

export function selfEvaluationReport(runner: Queryable, evaluationId: string): Promise<(SelfEvaluationReportRow & { updatedAt: Date }) | null> {
  return one(runner, `SELECT ${REPORT_COLUMNS}, updated_at AS "updatedAt" FROM self_evaluation_reports WHERE evaluation_id = $1`, [evaluationId]);
}

/** The report without its timestamp (what an approval's snapshot keeps, and the figures the scoring reads). */
export function selfEvaluationReportContent(runner: Queryable, evaluationId: string): Promise<SelfEvaluationReportRow | null> {
  return one(runner, `SELECT ${REPORT_COLUMNS} FROM self_evaluation_reports WHERE evaluation_id = $1`, [evaluationId]);
}

/** Creates the report or merges into it: narrative sections are added or replaced, figures set only where given. */
export async function saveSelfEvaluationReport(runner: Queryable, evaluationId: string, input: SelfEvaluationReportWrite, userId: string): Promise<void> {
  await runner.query(
    `INSERT INTO self_evaluation_reports (evaluation_id, narrative, budget_fen, spent_fen, updated_by) VALUES ($1, coalesce($2::jsonb, '{}'), $3, $4, $5)
     ON CONFLICT (evaluation_id) DO UPDATE SET
       narrative = self_evaluation_reports.narrative || coalesce($2::jsonb, '{}'),
       budget_fen = CASE WHEN $6 THEN $3 ELSE self_evaluation_reports.budget_fen END,
       spent_fen = CASE WHEN $7 THEN $4 ELSE self_evaluation_reports.spent_fen END,
       updated_by = $5, updated_at = now()`,
    [
      evaluationId,
      input.narrative ? JSON.stringify(input.narrative) : null,
      input.budgetFen ?? null,
      input.spentFen ?? null,
      userId,
      input.budgetFen !== undefined,
      input.spentFen !== undefined,
    ],
  );
}
