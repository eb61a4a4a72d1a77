import { Injectable } from '@nestjs/common';
import {
  DomainError,
  assessmentMakesFinding,
  nextPriorYearDeduction,
  priorYearAssessmentLabel,
  priorYearIndicator,
  type AppAbility,
  type AssessPriorYearItemInput,
  type FindingChainDto,
  type PriorYearItemDto,
} from '@evalflow/domain';
import { RECTIFICATION_ITEM } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { permittedFilter } from '../../authz/casl-to-sql';
import { versionConflict } from '../../common/version-conflict';
import type { Queryable } from '../../infrastructure/database/queryable';
import { loadVisibleEvaluation } from '../evaluations/evaluation-lifecycle';
import { EVALUATION_PERMISSION_COLUMNS, EvaluationRepository, type EvaluationRecord } from '../evaluations/evaluation.repository';
import { assertReviewWorkVisible, hidesReviewWork } from '../evaluations/review-work-visibility';
import { FINDINGS_WORK, withStageWork } from '../evaluations/stage-work';
import { frameworkNodesOf } from '../frameworks/frameworks.repository';
import { stateLabel } from '../workflow/engine/workflow-runner.service';
import { PriorYearRepository, type ChainLinkRow, type PriorYearItemRow } from './prior-year.repository';

const TITLE_MAX = 200;

/**
 * 上年度问题整改情况: a new evaluation of a department lists the items its earlier evaluations left open; the team
 * assesses each while it records findings (the same people and stages), and an item not (fully) rectified becomes a
 * finding of the new evaluation, deducted under the framework's indicator for it. The chain shows the years together.
 */
@Injectable()
export class PriorYearService {
  constructor(
    private readonly priorYear: PriorYearRepository,
    private readonly evaluations: EvaluationRepository,
  ) {}

  /** The department reads its earlier items' assessment from the draft on, like the findings. */
  async items(user: AuthenticatedUser, ability: AppAbility, evaluationId: string): Promise<PriorYearItemDto[]> {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, evaluationId);
    assertReviewWorkVisible(user, evaluation);
    return (await this.priorYear.items(this.priorYear.db, evaluation.id)).map(toDto);
  }

  async assess(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, itemId: string, input: AssessPriorYearItemInput): Promise<PriorYearItemDto> {
    return withStageWork(this.evaluations, user, ability, evaluationId, FINDINGS_WORK, async (runner, evaluation) => {
      if (!(await this.priorYear.item(runner, evaluation.id, itemId))) {
        throw new DomainError('NOT_FOUND', '该整改事项不是本部门以往评价中尚未整改完成的事项');
      }
      const current = await this.priorYear.lockFollowup(runner, evaluation.id, itemId);
      let followupId: string;
      if (!current) {
        if (input.expectedVersion !== undefined) throw versionConflict(undefined);
        followupId = await this.priorYear.insertFollowup(runner, evaluation.id, itemId, input, user.id);
      } else {
        if (input.expectedVersion !== current.version) throw versionConflict(current.version);
        if (current.findingId && !assessmentMakesFinding(input.assessment)) {
          throw new DomainError('CONFLICT', '该事项已列为本次评价的问题，请在问题清单中修改或撤销该问题，不能再改为“整改到位”');
        }
        if (!(await this.priorYear.updateFollowup(runner, current.id, current.version, input, user.id))) throw versionConflict(undefined);
        followupId = current.id;
      }
      if (assessmentMakesFinding(input.assessment) && !current?.findingId) {
        const findingId = await this.carryOver(runner, evaluation, itemId, input, user.id);
        await this.priorYear.linkFinding(runner, followupId, findingId);
      }
      return toDto((await this.priorYear.item(runner, evaluation.id, itemId))!);
    });
  }

  /**
   * The chain of the problem a finding records, across the years, each link marked readable or not. A finding is
   * review work: the department reads it (and its place in a chain) from the draft for comment on, as everywhere.
   */
  async chain(user: AuthenticatedUser, ability: AppAbility, findingId: string): Promise<FindingChainDto> {
    const evaluationId = await this.priorYear.findingEvaluation(this.priorYear.db, findingId);
    if (!evaluationId) throw new DomainError('NOT_FOUND', '问题不存在');
    assertReviewWorkVisible(user, await loadVisibleEvaluation(this.evaluations, ability, evaluationId));
    const permitted = permittedFilter(ability, 'read', 'Evaluation', EVALUATION_PERMISSION_COLUMNS);
    if (permitted.kind === 'none') throw new DomainError('NOT_FOUND', '问题不存在');
    const rows = await this.priorYear.chain(this.priorYear.db, findingId, permitted);
    return { links: (await this.withoutHiddenReviewWork(user, rows)).map(toLink) };
  }

  /** Links in an evaluation whose findings the caller's department may not read yet count as unreadable. */
  private async withoutHiddenReviewWork(user: AuthenticatedUser, rows: ChainLinkRow[]): Promise<ChainLinkRow[]> {
    const hidden = new Map<string, boolean>();
    for (const row of rows) {
      if (!row.readable || hidden.has(row.evaluationId)) continue;
      const evaluation = await this.evaluations.findById(row.evaluationId, this.priorYear.db);
      hidden.set(row.evaluationId, !evaluation || hidesReviewWork(user, evaluation));
    }
    return rows.map((row) => (row.readable && hidden.get(row.evaluationId) ? { ...row, readable: false } : row));
  }

  /** The new finding: what the old one said, how it stands now, under the prior-year indicator with its deduction. */
  private async carryOver(runner: Queryable, evaluation: EvaluationRecord, itemId: string, input: AssessPriorYearItemInput, userId: string): Promise<string> {
    const old = (await this.priorYear.item(runner, evaluation.id, itemId))!;
    const indicator = priorYearIndicator(await frameworkNodesOf(runner, evaluation.frameworkVersionId));
    const deduction = indicator ? nextPriorYearDeduction(indicator, await this.priorYear.deductedUnder(runner, evaluation.id, indicator.code)) : null;
    const verdict = priorYearAssessmentLabel(input.assessment);
    return this.priorYear.insertCarriedFinding(
      runner,
      evaluation.id,
      itemId,
      {
        category: old.category,
        title: `上年度问题${verdict}：${old.findingTitle}`.slice(0, TITLE_MAX),
        description: `${old.fiscalYear}年度评价指出的问题“${old.findingTitle}”经核查${verdict}。${input.note}`,
        indicatorCode: indicator?.code ?? null,
        deduction,
      },
      userId,
    );
  }
}

function toDto(row: PriorYearItemRow): PriorYearItemDto {
  return {
    item: { id: row.itemId, state: row.itemState, stateLabel: stateLabel(RECTIFICATION_ITEM, row.itemState).zh, measures: row.measures, dueOn: row.dueOn },
    evaluation: { id: row.evaluationId, title: row.evaluationTitle, fiscalYear: row.fiscalYear },
    finding: { id: row.findingId, seq: row.findingSeq, title: row.findingTitle, description: row.findingDescription, category: row.category },
    followup:
      row.followupId && row.assessment
        ? {
            id: row.followupId,
            assessment: { id: row.assessment, zh: priorYearAssessmentLabel(row.assessment) },
            note: row.note ?? '',
            assessedBy: row.assessedByName ?? '',
            assessedAt: row.assessedAt ?? '',
            version: row.followupVersion ?? 1,
            finding: row.newFindingId ? { id: row.newFindingId, seq: row.newFindingSeq ?? 0 } : null,
          }
        : null,
  };
}

/** A link the caller may not read keeps its year and ids only (its place in the chain), never its text. */
function toLink(row: ChainLinkRow): FindingChainDto['links'][number] {
  return {
    evaluation: { id: row.evaluationId, title: row.readable ? row.evaluationTitle : '', fiscalYear: row.fiscalYear },
    finding: { id: row.findingId, seq: row.findingSeq, title: row.readable ? row.findingTitle : '' },
    item: row.itemId && row.itemState ? { id: row.itemId, state: row.itemState, stateLabel: stateLabel(RECTIFICATION_ITEM, row.itemState).zh } : null,
    assessment: row.assessment ? { id: row.assessment, zh: priorYearAssessmentLabel(row.assessment) } : null,
    readable: row.readable,
  };
}
