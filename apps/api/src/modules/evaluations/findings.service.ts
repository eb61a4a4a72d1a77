import { Injectable } from '@nestjs/common';
import {
  DomainError,
  type AdjudicateFindingInput,
  type AnswerFindingInput,
  type AppAbility,
  type CreateFindingInput,
  type FindingDto,
  type UpdateFindingInput,
} from '@evalflow/domain';
import { ASSIGNED_TEAM, DEPARTMENT, FINDING_ADJUDICATION_TEXT, FINDING_ANSWER_TEXT, findingNoticeDetail } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { versionConflict } from '../../common/version-conflict';
import type { Queryable } from '../../infrastructure/database/queryable';
import { frameworkNodesOf } from '../frameworks/frameworks.repository';
import { OutboxRelay } from '../workflow/outbox-relay.service';
import { OutboxRepository } from '../workflow/outbox.repository';
import { loadVisibleEvaluation } from './evaluation-lifecycle';
import { EvaluationRepository, type EvaluationRecord } from './evaluation.repository';
import { findingState, findingsOf, insertFinding, updateFinding, type FindingColumns } from './findings.repository';
import { assertReviewWorkVisible } from './review-work-visibility';
import { FINDINGS_WORK, stage, withStageWork, writeWorkNotice } from './stage-work';

/** The department's answers to the findings (反馈意见), and the files that come with them (attachments). */
export const ANSWERING = stage('answer findings', ['draft_for_comment'], [DEPARTMENT]);
const ADJUDICATING = stage('adjudicate answers', ['adjudication'], [ASSIGNED_TEAM]);

/** 发现问题: the team's findings, the department's answers (反馈意见) and the team's adjudication of them. */
@Injectable()
export class FindingsService {
  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  /** The findings as the caller may read them: the department from the draft for comment on (403 with the reason before). */
  async visibleFindings(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<FindingDto[]> {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    assertReviewWorkVisible(user, evaluation);
    return this.findingsOf(evaluation.id);
  }

  /** Every finding, for the callers that decide visibility themselves (the demo loader, the team's own answers). */
  async findings(ability: AppAbility, id: string): Promise<FindingDto[]> {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    return this.findingsOf(evaluation.id);
  }

  private findingsOf(evaluationId: string): Promise<FindingDto[]> {
    return findingsOf(this.evaluations.db, evaluationId);
  }

  async createFinding(user: AuthenticatedUser, ability: AppAbility, id: string, input: CreateFindingInput): Promise<FindingDto> {
    return withStageWork(this.evaluations, user, ability, id, FINDINGS_WORK, async (runner, evaluation) => {
      await this.checkIndicatorCode(runner, evaluation, input.indicatorCode);
      return insertFinding(runner, evaluation.id, input, user.id);
    });
  }

  async updateFinding(user: AuthenticatedUser, ability: AppAbility, id: string, findingId: string, input: UpdateFindingInput): Promise<FindingDto> {
    return withStageWork(this.evaluations, user, ability, id, FINDINGS_WORK, async (runner, evaluation) => {
      await this.checkIndicatorCode(runner, evaluation, input.indicatorCode);
      const columns: FindingColumns = {
        category: input.category,
        title: input.title,
        description: input.description,
        cause_analysis: input.causeAnalysis,
        recommendation: input.recommendation,
        indicator_code: input.indicatorCode,
      };
      return this.updateFindingRow(runner, evaluation.id, findingId, input.expectedVersion, columns);
    });
  }

  /** 反馈意见: the department accepts a finding or disputes it with an explanation; the team is told (it adjudicates). */
  async answerFinding(user: AuthenticatedUser, ability: AppAbility, id: string, findingId: string, input: AnswerFindingInput): Promise<FindingDto> {
    const finding = await withStageWork(this.evaluations, user, ability, id, ANSWERING, async (runner, evaluation) => {
      const answered = await this.updateFindingRow(runner, evaluation.id, findingId, input.expectedVersion, {
        answer: input.answer,
        answer_text: input.text ?? null,
        answered_by: user.id,
        answered_at: new Date(),
      });
      await writeWorkNotice(this.outbox, runner, evaluation, user, 'finding_answered', findingNoticeDetail(answered, FINDING_ANSWER_TEXT[input.answer], input.text));
      return answered;
    });
    this.relay.kick();
    return finding;
  }

  /** The team's decision on an answer: the finding stands, is revised, or is withdrawn; always with the reason. */
  async adjudicateFinding(user: AuthenticatedUser, ability: AppAbility, id: string, findingId: string, input: AdjudicateFindingInput): Promise<FindingDto> {
    const adjudicated = await withStageWork(this.evaluations, user, ability, id, ADJUDICATING, async (runner, evaluation) => {
      const finding = await findingState(runner, evaluation.id, findingId);
      if (finding && finding.answer === null) throw new DomainError('RULE_VIOLATION', 'The department has not answered this finding', [{ path: 'adjudication', message: 'no answer to adjudicate' }]);
      const decided = await this.updateFindingRow(runner, evaluation.id, findingId, input.expectedVersion, {
        adjudication: input.adjudication,
        adjudication_reason: input.reason,
        adjudicated_by: user.id,
        adjudicated_at: new Date(),
      });
      // The department answered; it learns the outcome now rather than from the final report.
      await writeWorkNotice(this.outbox, runner, evaluation, user, 'finding_adjudicated', findingNoticeDetail(decided, FINDING_ADJUDICATION_TEXT[input.adjudication], input.reason));
      return decided;
    });
    this.relay.kick();
    return adjudicated;
  }

  /** The finding with the columns set, version-checked: 404 when the evaluation has no such finding, 409 when it moved on. */
  private async updateFindingRow(runner: Queryable, evaluationId: string, findingId: string, expectedVersion: number, columns: FindingColumns): Promise<FindingDto> {
    const updated = await updateFinding(runner, evaluationId, findingId, expectedVersion, columns);
    if (updated) return updated;
    const exists = await findingState(runner, evaluationId, findingId);
    if (!exists) throw new DomainError('NOT_FOUND', 'Finding not found');
    throw versionConflict(exists.version);
  }

  private async checkIndicatorCode(runner: Queryable, evaluation: EvaluationRecord, code: string | null | undefined): Promise<void> {
    if (code && !(await frameworkNodesOf(runner, evaluation.frameworkVersionId)).some((n) => n.code === code)) {
      throw new DomainError('RULE_VIOLATION', 'Unknown indicator', [{ path: 'indicatorCode', message: 'not an indicator of this framework' }]);
    }
  }
}
