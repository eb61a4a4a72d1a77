import { Injectable } from '@nestjs/common';
import type { Workbook } from 'exceljs';
import {
  DEFAULT_THRESHOLDS,
  DEPARTMENT_WHOLE_TEMPLATE,
  DomainError,
  analyseBudget,
  budgetDataDocumentSchema,
  frameworkVariants,
  thresholdListSchema,
  toBudgetData,
  thresholdVariants,
  toThreshold,
  type AppAbility,
  type BudgetData,
  type BudgetDataDocument,
  type ConfirmProposalInput,
  type FieldIssue,
  type FindingDto,
  type FrameworkNode,
  type SelfReportedLine,
  type ThresholdInput,
  type VariantSelection,
} from '@evalflow/domain';
import { ASSIGNED_TEAM, DEPARTMENT } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { assertCan } from '../../authz/record-access';
import { versionConflict } from '../../common/version-conflict';
import { loadVisibleEvaluation } from '../evaluations/evaluation-lifecycle';
import { FINDINGS_WORK, withStageWork, type StageWork } from '../evaluations/stage-work';
import { assertReviewWorkVisible, hidesBudgetData, reviewWorkNotPublished } from '../evaluations/review-work-visibility';
import type { Queryable } from '../../infrastructure/database/queryable';
import { EvaluationRepository, type EvaluationRecord } from '../evaluations/evaluation.repository';
import { frameworkNodesOf } from '../frameworks/frameworks.repository';
import { regionExists } from '../regions/regions.repository';
import { FindingsService } from '../evaluations/findings.service';
import { BudgetRepository, type ProposedFindingRecord } from './budget.repository';
import { parseUploadedWorkbook, type UploadedExcelFile } from '../../infrastructure/excel';
import { BUDGET_WORKBOOK_READER, budgetWorkbook } from './budget-workbook';

/** 预算数据: the department enters it with its self-evaluation; the team corrects it in fieldwork and adjudication. */
const BUDGET_DATA_WORK: StageWork = {
  what: 'enter budget data',
  rules: [
    { states: ['self_evaluation'], permits: [DEPARTMENT] },
    { states: ['fieldwork', 'adjudication'], permits: [ASSIGNED_TEAM] },
  ],
};
/** Deciding a proposed finding is recording a finding: the same people and stages as the findings work. */
const PROPOSALS_WORK: StageWork = { ...FINDINGS_WORK, what: 'decide proposed findings' };

type ThresholdSource = { regionId: string | null; regionName: string | null; thresholds: ThresholdInput[] };

@Injectable()
export class BudgetService {
  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly budget: BudgetRepository,
    private readonly findings: FindingsService,
  ) {}

  /** The department reads its own entries; once the team has corrected them, from the draft for comment on (403 before). */
  async getData(user: AuthenticatedUser, ability: AppAbility, id: string) {
    const evaluation = await this.loadReadableData(user, ability, id);
    const stored = await this.budget.findData(evaluation.id);
    return { data: stored?.document ?? null, version: stored?.version ?? 0, updatedAt: stored?.updatedAt ?? null };
  }

  /** Validates (422 with the JSON paths, nothing written), stores with a version check, and refreshes the proposals. */
  async putData(user: AuthenticatedUser, ability: AppAbility, id: string, input: unknown, expectedVersion: number, pathPrefix = 'data.') {
    await this.withBudgetWork(user, ability, id, BUDGET_DATA_WORK, async (runner, evaluation) => {
      // Validated after the permission check (403/409 first), inside the transaction: a refusal writes nothing.
      const document = validateDocument(input, pathPrefix);
      if (!(await this.budget.saveData(runner, evaluation.id, document, expectedVersion, user.id))) {
        throw versionConflict((await this.budget.findData(evaluation.id, runner))?.version ?? 0);
      }
      await this.refreshProposals(runner, evaluation);
    });
    return this.getData(user, ability, id);
  }

  /** Excel import: read in a bounded worker (limits: 422); the workbook's own problems by cell, then the schema's by JSON path; all or nothing. */
  async importWorkbook(user: AuthenticatedUser, ability: AppAbility, id: string, file: UploadedExcelFile | undefined) {
    // Who may not enter the data now is told so (403/409) before a worker spends time reading their workbook.
    await this.withBudgetWork(user, ability, id, BUDGET_DATA_WORK, async () => undefined);
    const { document, issues } = await parseUploadedWorkbook(file, BUDGET_WORKBOOK_READER, undefined);
    if (issues.length) throw new DomainError('RULE_VIOLATION', '预算数据工作簿有误', issues);
    // The workbook replaces the data whatever version is stored (an import is a deliberate overwrite), but still
    // under the evaluation's lock so it cannot interleave with a concurrent save.
    const current = await this.budget.findData((await loadVisibleEvaluation(this.evaluations, ability, id)).id);
    return this.putData(user, ability, id, document, current?.version ?? 0, '');
  }

  async exportWorkbook(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<{ workbook: Workbook; filename: string }> {
    const evaluation = await this.loadReadableData(user, ability, id);
    const stored = await this.budget.findData(evaluation.id);
    // The export shows every computed metric with the formula it used (sheet 指标), as the metrics route does.
    const converted = stored ? toBudgetData(stored.document) : null;
    const results = converted?.ok ? (await this.analysis(this.budget.db, evaluation, converted.value)).metrics : [];
    return { workbook: budgetWorkbook(stored?.document ?? null, results), filename: `预算数据-${evaluation.reference}.xlsx` };
  }

  templateWorkbook(example: unknown): Workbook {
    return budgetWorkbook(budgetDataDocumentSchema.parse(example));
  }

  /**
   * Metrics, flags, reported-figure differences, reconciliation and table sums, plus the stored proposals: the
   * team's measuring of the data, shown to the department from the draft for comment on (403 before).
   */
  async metrics(user: AuthenticatedUser, ability: AppAbility, id: string) {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    assertReviewWorkVisible(user, evaluation);
    const stored = await this.budget.findData(evaluation.id);
    const source = await this.thresholdSource(evaluation.departmentRegionId);
    const proposals = await this.budget.proposals(evaluation.id);
    if (!stored) return { available: false, thresholds: source, analysis: null, proposals };
    const converted = toBudgetData(stored.document);
    if (!converted.ok) throw new DomainError('INTERNAL', 'Stored budget data no longer converts');
    const selfReported = await this.budget.selfReportedLines(evaluation.id);
    return { available: true, thresholds: source, analysis: await this.analysis(this.budget.db, evaluation, converted.value, selfReported, source), proposals };
  }

  /** 问题线索 are the team's candidates for findings: the department sees them with the findings (403 before). */
  async proposals(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<ProposedFindingRecord[]> {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    assertReviewWorkVisible(user, evaluation);
    return this.budget.proposals(evaluation.id);
  }

  /**
   * 确认: one transaction creates the finding (category, description, figures, indicator, deduction) and marks the
   * proposal confirmed. A retry of a confirmed proposal returns the finding it already made.
   */
  async confirm(user: AuthenticatedUser, ability: AppAbility, id: string, proposalId: string, input: ConfirmProposalInput): Promise<{ proposal: ProposedFindingRecord; finding: FindingDto }> {
    const findingId = await this.withBudgetWork(user, ability, id, PROPOSALS_WORK, async (runner, evaluation) => {
      const proposal = await this.lockProposal(runner, evaluation.id, proposalId);
      if (proposal.status === 'confirmed') return proposal.findingId!;
      if (proposal.status !== 'proposed') throw new DomainError('CONFLICT', `该问题线索已${proposal.status === 'discarded' ? '舍弃' : '失效'}，不能确认`, { status: proposal.status });
      const created = await this.budget.insertFinding(
        runner,
        evaluation.id,
        proposal,
        {
          title: input.title ?? proposal.title,
          description: input.description ?? proposal.description,
          deduction: input.deduction !== undefined ? input.deduction : proposal.suggestedDeduction,
          // Blank stays empty (null): the findings guard treats both alike, and the team may add them later.
          causeAnalysis: input.causeAnalysis?.trim() || null,
          recommendation: input.recommendation?.trim() || null,
        },
        user.id,
      );
      await this.budget.decide(runner, proposal.id, 'confirmed', user.id, null);
      return created;
    });
    const finding = (await this.findings.findings(ability, id)).find((f) => f.id === findingId)!;
    const proposal = (await this.budget.proposals(id)).find((p) => p.id === proposalId)!;
    return { proposal, finding };
  }

  /** 舍弃, with the reason; it stays discarded until its figure changes. */
  async discard(user: AuthenticatedUser, ability: AppAbility, id: string, proposalId: string, reason: string): Promise<ProposedFindingRecord> {
    await this.withBudgetWork(user, ability, id, PROPOSALS_WORK, async (runner, evaluation) => {
      const proposal = await this.lockProposal(runner, evaluation.id, proposalId);
      if (proposal.status !== 'proposed') throw new DomainError('CONFLICT', `该问题线索状态为${proposal.status}，不能舍弃`, { status: proposal.status });
      await this.budget.decide(runner, proposal.id, 'discarded', user.id, reason);
    });
    return (await this.budget.proposals(id)).find((p) => p.id === proposalId)!;
  }

  /* Thresholds per region. */

  async thresholds(regionId: string) {
    const own = await this.budget.ownThresholds(regionId);
    return { regionId, own, effective: await this.thresholdSource(regionId), defaults: DEFAULT_THRESHOLDS };
  }

  /** A finance user sets the thresholds of a region in their jurisdiction; the proposals of every evaluation below it follow. */
  async setThresholds(user: AuthenticatedUser, ability: AppAbility, regionId: string, input: ThresholdInput[], expectedVersion: number) {
    if (!(await regionExists(this.budget.db, regionId))) throw new DomainError('NOT_FOUND', 'Region not found');
    assertCan(ability, 'update', 'BudgetThreshold', { regionId });
    const thresholds = thresholdListSchema.parse(input);
    await this.budget.db.transaction(async (runner) => {
      if (!(await this.budget.saveThresholds(runner, regionId, thresholds, expectedVersion, user.id))) {
        throw versionConflict((await this.budget.ownThresholds(regionId, runner))?.version ?? 0);
      }
      for (const evaluationId of await this.budget.evaluationsWithDataUnder(runner, regionId)) {
        const evaluation = await this.evaluations.findById(evaluationId, runner, true);
        if (evaluation) await this.refreshProposals(runner, evaluation);
      }
    });
    return this.thresholds(regionId);
  }

  /* Internals. */

  /** The evaluation, if the caller may read its budget data as it now stands (see `hidesBudgetData`). */
  private async loadReadableData(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<EvaluationRecord> {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    if (await hidesBudgetData(this.evaluations.db, user, evaluation)) throw reviewWorkNotPublished(evaluation);
    return evaluation;
  }

  private async thresholdSource(regionId: string, runner?: Queryable): Promise<ThresholdSource> {
    const setting = await this.budget.effectiveThresholds(regionId, runner);
    return setting ?? { regionId: null, regionName: null, thresholds: [...DEFAULT_THRESHOLDS] };
  }

  /** Recomputes the proposals from the stored data and the thresholds that apply to the evaluation's department. */
  private async refreshProposals(runner: Queryable, evaluation: EvaluationRecord): Promise<void> {
    const stored = await this.budget.findData(evaluation.id, runner);
    if (!stored) return;
    const converted = toBudgetData(stored.document);
    if (!converted.ok) return;
    const nodes = await this.frameworkNodes(runner, evaluation);
    const { proposals } = await this.analysis(runner, evaluation, converted.value, [], undefined, nodes);
    await this.budget.syncProposals(
      runner,
      evaluation.id,
      proposals.map((draft) => ({ ...draft, indicatorCode: indicatorIn(nodes, draft.indicatorCode) })),
    );
  }

  /**
   * The analysis of an evaluation's data with the thresholds of its department's region and the formulas (口径) chosen
   * by its framework version's metric-bound rules, then by the region's thresholds.
   */
  private async analysis(
    runner: Queryable,
    evaluation: EvaluationRecord,
    data: BudgetData,
    selfReported: SelfReportedLine[] = [],
    source?: ThresholdSource,
    nodes?: FrameworkNode[],
  ) {
    const thresholds = (source ?? (await this.thresholdSource(evaluation.departmentRegionId, runner))).thresholds.map(toThreshold);
    const selection: VariantSelection = { framework: frameworkVariants(nodes ?? (await this.frameworkNodes(runner, evaluation))), region: thresholdVariants(thresholds) };
    return analyseBudget(data, thresholds, selfReported, selection);
  }

  /** The evaluation's own framework nodes: a suggested indicator code is kept only where that framework has the same indicator. */
  private frameworkNodes(runner: Queryable, evaluation: EvaluationRecord): Promise<FrameworkNode[]> {
    return frameworkNodesOf(runner, evaluation.frameworkVersionId);
  }

  private async lockProposal(runner: Queryable, evaluationId: string, proposalId: string): Promise<ProposedFindingRecord> {
    const proposal = await this.budget.proposalForUpdate(runner, evaluationId, proposalId);
    if (!proposal) throw new DomainError('NOT_FOUND', 'Proposed finding not found');
    return proposal;
  }

  private withBudgetWork<T>(user: AuthenticatedUser, ability: AppAbility, id: string, work: StageWork, run: (runner: Queryable, evaluation: EvaluationRecord) => Promise<T>): Promise<T> {
    return withStageWork(this.evaluations, user, ability, id, work, run);
  }
}

/** Schema, then exact conversion to fen: every problem with its path, before anything is written. */
function validateDocument(input: unknown, pathPrefix: string): BudgetDataDocument {
  const parsed = budgetDataDocumentSchema.safeParse(input);
  const issues: FieldIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: `${pathPrefix}${issue.path.join('.')}` || '(body)', message: issue.message }));
  if (parsed.success) {
    const converted = toBudgetData(parsed.data);
    if (!converted.ok) issues.push(...converted.issues.map((issue) => ({ ...issue, path: `${pathPrefix}${issue.path}` })));
  }
  if (issues.length || !parsed.success) throw new DomainError('RULE_VIOLATION', '预算数据不合规', issues);
  return parsed.data;
}

/** Maps the department template's indicator code to the same indicator (by name) in the evaluation's framework. */
function indicatorIn(nodes: readonly FrameworkNode[], templateCode: string | null): string | null {
  if (!templateCode) return null;
  const name = DEPARTMENT_WHOLE_TEMPLATE.nodes.find((n) => n.code === templateCode)?.name;
  return nodes.find((n) => n.level === 3 && n.name === name)?.code ?? null;
}
