import { Injectable } from '@nestjs/common';
import type { AppAbility } from '@evalflow/domain';
import { ASSIGNED_LEAD, BUREAU_FINANCE } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { versionConflict } from '../../common/version-conflict';
import type { Queryable } from '../../infrastructure/database/queryable';
import { EvaluationRepository, type EvaluationRecord } from './evaluation.repository';
import { toDto } from './evaluations.service';
import { stage, withStageWork } from './stage-work';

/** The firm numbers its own report (湘浩元评字…), or the bureau does for its own team. */
const REPORT_NUMBER = stage('assign the report number', ['adjudication', 'final_review'], [ASSIGNED_LEAD, BUREAU_FINANCE]);
const REVIEW_OPINION = stage('write the review opinion', ['review'], [BUREAU_FINANCE]);

/**
 * The evaluation's own fields written as stage work: the report number and the review opinion. The rest of the
 * stages' work has its service — the self-evaluation (self-evaluation-work.service.ts), the indicator entries and
 * scores (indicator-entries.service.ts), the findings (findings.service.ts) — all on withStageWork (stage-work.ts):
 * each write locks the evaluation row, so it cannot interleave with a transition that is deciding on the same data.
 */
@Injectable()
export class EvaluationWorkService {
  constructor(private readonly evaluations: EvaluationRepository) {}

  async setReportNumber(user: AuthenticatedUser, ability: AppAbility, id: string, reportNumber: string, expectedVersion: number) {
    await withStageWork(this.evaluations, user, ability, id, REPORT_NUMBER, (runner, evaluation) => this.setEvaluationField(runner, evaluation, expectedVersion, 'report_number', reportNumber));
    return toDto((await this.evaluations.findById(id))!);
  }

  async setReviewOpinion(user: AuthenticatedUser, ability: AppAbility, id: string, reviewOpinion: string, expectedVersion: number) {
    await withStageWork(this.evaluations, user, ability, id, REVIEW_OPINION, (runner, evaluation) => this.setEvaluationField(runner, evaluation, expectedVersion, 'review_opinion', reviewOpinion));
    return toDto((await this.evaluations.findById(id))!);
  }

  private async setEvaluationField(runner: Queryable, evaluation: EvaluationRecord, expectedVersion: number, column: 'report_number' | 'review_opinion', value: string) {
    if (evaluation.version !== expectedVersion || !(await this.evaluations.setField(runner, evaluation.id, expectedVersion, column, value))) {
      throw versionConflict(evaluation.version);
    }
  }
}
