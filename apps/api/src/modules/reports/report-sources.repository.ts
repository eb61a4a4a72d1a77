import type { FrameworkNode, ReportPriorYearInput } from '@evalflow/domain';
import { one, type Queryable } from '../../infrastructure/database/queryable';
import { priorYearItemsOf } from '../rectification/prior-year.repository';

/** What the report builder reads beside the evaluations module's rows: the framework tree and the prior-year follow-up. */

export async function frameworkNodesOf(runner: Queryable, frameworkVersionId: string | null): Promise<FrameworkNode[]> {
  if (!frameworkVersionId) return [];
  return (await one<{ nodes: FrameworkNode[] }>(runner, `SELECT nodes FROM framework_versions WHERE id = $1`, [frameworkVersionId]))?.nodes ?? [];
}

/**
 * 上年度问题整改情况: the department's rectification items of earlier years this evaluation follows up (issue 13),
 * with the team's assessment where it made one and the finding it became — the very rows of the prior-year list
 * (priorYearItemsOf), so an item a later evaluation already followed up is left out here as there.
 */
export async function priorYearRowsOf(runner: Queryable, evaluationId: string): Promise<ReportPriorYearInput[]> {
  return (await priorYearItemsOf(runner, evaluationId)).map((row) => ({
    fiscalYear: row.fiscalYear,
    findingTitle: row.findingTitle,
    measures: row.measures,
    assessment: row.assessment,
    note: row.note,
    newFindingSeq: row.newFindingSeq,
  }));
}
