import type { CreateFindingInput, FindingDto } from '@evalflow/domain';
import { many, one, update, type Queryable } from '../../infrastructure/database/queryable';

/** The findings (发现问题) of an evaluation, with the department's answers and the team's adjudication. */

const FINDING_COLUMNS = `id, seq, category, title, description, cause_analysis AS "causeAnalysis", recommendation, indicator_code AS "indicatorCode",
  answer, answer_text AS "answerText", adjudication, adjudication_reason AS "adjudicationReason", figures, deduction::float AS deduction,
  proposed_finding_id AS "proposedFindingId", origin_rectification_item_id AS "originItemId", version, created_at AS "createdAt"`;

type FindingRow = Omit<FindingDto, 'createdAt'> & { createdAt: Date };
const toFinding = (row: FindingRow): FindingDto => ({ ...row, createdAt: new Date(row.createdAt).toISOString() });

/** A finding as an approval's snapshot keeps it: what it says and how it was answered. */
export interface FindingSnapshotRow {
  seq: number;
  category: string | null;
  title: string;
  description: string;
  causeAnalysis: string | null;
  recommendation: string | null;
  indicatorCode: string | null;
  answer: string | null;
  answerText: string | null;
  adjudication: string | null;
  adjudicationReason: string | null;
}

/** The columns a finding's update may set (the caller's values; undefined leaves a column as it is). */
export type FindingColumns = Partial<
  Record<'category' | 'title' | 'description' | 'cause_analysis' | 'recommendation' | 'indicator_code' | 'answer' | 'answer_text' | 'answered_by' | 'answered_at' | 'adjudication' | 'adjudication_reason' | 'adjudicated_by' | 'adjudicated_at', unknown>
>;

export async function findingsOf(runner: Queryable, evaluationId: string): Promise<FindingDto[]> {
  return (await many<FindingRow>(runner, `SELECT ${FINDING_COLUMNS} FROM findings WHERE evaluation_id = $1 ORDER BY seq`, [evaluationId])).map(toFinding);
}

export function findingSnapshots(runner: Queryable, evaluationId: string): Promise<FindingSnapshotRow[]> {
  return many<FindingSnapshotRow>(
    runner,
    `SELECT seq, category, title, description, cause_analysis AS "causeAnalysis", recommendation, indicator_code AS "indicatorCode",
       answer, answer_text AS "answerText", adjudication, adjudication_reason AS "adjudicationReason"
     FROM findings WHERE evaluation_id = $1 ORDER BY seq`,
    [evaluationId],
  );
}

/** A new finding, numbered after the evaluation's last one. */
export async function insertFinding(runner: Queryable, evaluationId: string, input: CreateFindingInput, createdBy: string): Promise<FindingDto> {
  const row = await one<FindingRow>(
    runner,
    `INSERT INTO findings (evaluation_id, seq, category, title, description, cause_analysis, recommendation, indicator_code, created_by, figures, deduction)
     VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM findings WHERE evaluation_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${FINDING_COLUMNS}`,
    [
      evaluationId,
      input.category ?? null,
      input.title,
      input.description,
      input.causeAnalysis ?? null,
      input.recommendation ?? null,
      input.indicatorCode ?? null,
      createdBy,
      input.figures ? JSON.stringify(input.figures) : null,
      input.deduction ?? null,
    ],
  );
  return toFinding(row!);
}

/** Sets the given columns if the finding is still at `expectedVersion`; null when it is not (or does not exist). */
export async function updateFinding(runner: Queryable, evaluationId: string, findingId: string, expectedVersion: number, columns: FindingColumns): Promise<FindingDto | null> {
  const params: unknown[] = [findingId, evaluationId, expectedVersion];
  const sets = Object.entries(columns)
    .filter(([, value]) => value !== undefined)
    .map(([column, value]) => {
      params.push(value);
      return `${column} = $${params.length}`;
    });
  const { rows: updated } = await update<FindingRow>(
    runner,
    `UPDATE findings SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 AND evaluation_id = $2 AND version = $3 RETURNING ${FINDING_COLUMNS}`,
    params,
  );
  return updated[0] ? toFinding(updated[0]) : null;
}

/** The finding's current version and answer, or null when the evaluation has no such finding. */
export function findingState(runner: Queryable, evaluationId: string, findingId: string): Promise<{ version: number; answer: string | null } | null> {
  return one(runner, `SELECT version, answer FROM findings WHERE id = $1 AND evaluation_id = $2`, [findingId, evaluationId]);
}
