import { PRIOR_YEAR_ASSESSMENTS, assembleReportModel, toBudgetData, type ReportModel } from '@evalflow/domain';
import type { Queryable } from '../../infrastructure/database/queryable';
import { budgetDocumentOf } from '../budget/budget.repository';
import type { EvaluationRecord } from '../evaluations/evaluation.repository';
import { findingSnapshots } from '../evaluations/findings.repository';
import { entrySnapshots } from '../evaluations/indicator-entry.repository';
import { selfEvaluationReportContent } from '../evaluations/self-evaluation-report.repository';
import { frameworkNodesOf, priorYearRowsOf } from './report-sources.repository';

/**
 * The report model of an evaluation as it stands now (issue 12 §1): reads its framework, entries, findings, the
 * self-evaluation narrative, the budget data and the prior-year follow-up, and leaves the rules to libs/domain
 * (assembleReportModel). Every approval's snapshot is this model (evaluation-snapshots.ts); one after the other,
 * because inside a transaction the reads share one connection.
 */
export async function buildReportModel(runner: Queryable, evaluation: EvaluationRecord): Promise<ReportModel> {
  const nodes = await frameworkNodesOf(runner, evaluation.frameworkVersionId);
  const entries = await entrySnapshots(runner, evaluation.id);
  const findings = await findingSnapshots(runner, evaluation.id);
  const report = await selfEvaluationReportContent(runner, evaluation.id);
  const budgetDocument = await budgetDocumentOf(runner, evaluation.id);
  const priorYear = await priorYearRowsOf(runner, evaluation.id);
  const budget = budgetDocument ? toBudgetData(budgetDocument) : null;
  const assessmentLabel = (id: string | null) => (id ? (PRIOR_YEAR_ASSESSMENTS.find((a) => a.id === id)?.zh ?? id) : null);
  return assembleReportModel({
    evaluation: {
      id: evaluation.id,
      reference: evaluation.reference,
      kind: evaluation.kind,
      scope: evaluation.scope,
      title: evaluation.title,
      projectName: evaluation.projectName,
      fiscalYear: evaluation.fiscalYear,
      departmentName: evaluation.departmentName,
      commissioningOrganisationName: evaluation.commissioningOrganisationName,
      evaluatorOrganisationName: evaluation.evaluatorOrganisationName,
      frameworkName: evaluation.frameworkName,
      frameworkVersion: evaluation.frameworkVersion,
      legalBasis: evaluation.legalBasis,
      reportNumber: evaluation.reportNumber,
      team: evaluation.team.map((member) => ({ displayName: member.displayName, role: member.role })),
      deadlines: evaluation.deadlines.map((deadline) => ({ key: deadline.key, dueOn: deadline.dueOn })),
      reviewOpinion: evaluation.reviewOpinion,
      rating: evaluation.rating,
    },
    nodes,
    entries,
    findings,
    narrative: report?.narrative ?? {},
    budget: budget?.ok ? budget.value : null,
    priorYear: priorYear.map((p) => ({ ...p, assessment: assessmentLabel(p.assessment) })),
  });
}
