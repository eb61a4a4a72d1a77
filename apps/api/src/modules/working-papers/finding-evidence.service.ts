import { Injectable } from '@nestjs/common';
import {
  DomainError,
  FINDING_EVIDENCE_KIND_LABELS,
  WORKING_PAPER_KIND_LABELS,
  type AppAbility,
  type FindingEvidenceDto,
  type PutFindingEvidenceInput,
  type WorkingPaperKind,
} from '@evalflow/domain';
import { DOCUMENT_REQUEST } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { loadVisibleEvaluation } from '../evaluations/evaluation-lifecycle';
import { EvaluationRepository } from '../evaluations/evaluation.repository';
import { assertReviewWorkVisible } from '../evaluations/review-work-visibility';
import { FINDINGS_WORK, withStageWork } from '../evaluations/stage-work';
import { stateLabel } from '../workflow/engine/workflow-runner.service';
import { WorkingPaperRepository, type EvidenceRow } from './working-paper.repository';

/**
 * 依据: what a finding cites — working papers, files, document-request items of the same evaluation. Whoever may
 * read the findings reads the citations; the department sees what is cited by its title and kind, never a working
 * paper's content (that stays behind the working paper's own read check). Changed by whoever records the findings,
 * while they may (FINDINGS_WORK: the team in fieldwork and adjudication).
 */
@Injectable()
export class FindingEvidenceService {
  constructor(
    private readonly papers: WorkingPaperRepository,
    private readonly evaluations: EvaluationRepository,
  ) {}

  async list(user: AuthenticatedUser, ability: AppAbility, findingId: string): Promise<FindingEvidenceDto[]> {
    const evaluationId = await this.evaluationOf(findingId);
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, evaluationId);
    assertReviewWorkVisible(user, evaluation);
    return (await this.papers.evidenceOf(this.papers.db, evaluationId, findingId)).map(toDto);
  }

  /** Replaces the finding's citations; every one must be of the finding's evaluation (422 naming each that is not). */
  async replace(user: AuthenticatedUser, ability: AppAbility, findingId: string, input: PutFindingEvidenceInput): Promise<FindingEvidenceDto[]> {
    const evaluationId = await this.evaluationOf(findingId);
    await withStageWork(this.evaluations, user, ability, evaluationId, FINDINGS_WORK, async (runner, evaluation) => {
      if (!(await this.papers.lockFinding(runner, evaluation.id, findingId))) throw new DomainError('NOT_FOUND', '问题不存在');
      const resolved = await this.papers.resolveRefs(runner, evaluation.id, input.items);
      const missing = resolved.map((row, index) => ({ row, index })).filter(({ row }) => row.title === null);
      if (missing.length) {
        throw new DomainError(
          'RULE_VIOLATION',
          '引用的依据必须是本项评价的工作底稿、附件或资料清单事项',
          missing.map(({ row, index }) => ({ path: `items.${index}.refId`, message: `不是本项评价的${FINDING_EVIDENCE_KIND_LABELS[row.kind]}` })),
        );
      }
      await this.papers.replaceEvidence(runner, findingId, input.items.map((item) => ({ kind: item.kind, refId: item.refId, note: item.note ?? null })), user.id);
    });
    return this.list(user, ability, findingId);
  }

  private async evaluationOf(findingId: string): Promise<string> {
    const evaluationId = await this.papers.findingEvaluation(this.papers.db, findingId);
    if (!evaluationId) throw new DomainError('NOT_FOUND', '问题不存在');
    return evaluationId;
  }
}

function toDto(row: EvidenceRow): FindingEvidenceDto {
  const detail = (() => {
    if (row.detail === null) return null;
    switch (row.kind) {
      case 'working_paper':
        return WORKING_PAPER_KIND_LABELS[row.detail as WorkingPaperKind] ?? null;
      case 'document_request':
        return stateLabel(DOCUMENT_REQUEST, row.detail).zh;
      case 'attachment':
        return row.detail;
    }
  })();
  return { kind: row.kind, refId: row.refId, title: row.title ?? '（已不存在）', detail, note: row.note };
}
