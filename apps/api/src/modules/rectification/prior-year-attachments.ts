import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainError, type AppAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { one, type Queryable } from '../../infrastructure/database/queryable';
import { AttachmentSubjectRegistry } from '../attachments/attachment-subjects';
import type { AttachmentRow } from '../attachments/attachments.repository';
import { holdsPermit, lifecycleOf, loadVisibleEvaluation, workflowActor } from '../evaluations/evaluation-lifecycle';
import { EvaluationRepository, type EvaluationRecord } from '../evaluations/evaluation.repository';
import { assertReviewWorkVisible } from '../evaluations/review-work-visibility';
import { FINDINGS_WORK } from '../evaluations/stage-work';
import { stateLabel } from '../workflow/engine/workflow-runner.service';

/**
 * The evidence of an assessment of an earlier year's item (上年度问题整改情况 "with evidence"): files on the
 * followup (subject id = prior_year_followups.id), so an assessment exists before its files. Read like the prior-year
 * list (the team, the bureau, auditors; the department from the draft for comment on); uploaded and withdrawn by
 * whoever may assess — the assigned team while the evaluation records findings — a file only by its uploader.
 * Registered with the attachments' registry on start.
 */
@Injectable()
export class PriorYearAttachments implements OnModuleInit {
  constructor(
    private readonly registry: AttachmentSubjectRegistry,
    private readonly evaluations: EvaluationRepository,
  ) {}

  onModuleInit(): void {
    const evaluationOf = async (runner: Queryable, id: string) =>
      (await one<{ evaluationId: string }>(runner, `SELECT evaluation_id AS "evaluationId" FROM prior_year_followups WHERE id = $1`, [id]))?.evaluationId ?? null;
    const load = async (user: AuthenticatedUser, ability: AppAbility, id: string): Promise<EvaluationRecord> => {
      const evaluationId = await evaluationOf(this.evaluations.db, id);
      if (!evaluationId) throw new DomainError('NOT_FOUND', '上年度问题核查结论不存在');
      const evaluation = await loadVisibleEvaluation(this.evaluations, ability, evaluationId);
      assertReviewWorkVisible(user, evaluation);
      return evaluation;
    };
    const assertCanUpload = async (user: AuthenticatedUser, ability: AppAbility, id: string) => {
      const evaluation = await load(user, ability, id);
      const rules = typeof FINDINGS_WORK.rules === 'function' ? FINDINGS_WORK.rules(evaluation) : FINDINGS_WORK.rules;
      const held = rules.filter((rule) => holdsPermit(rule.permits, workflowActor(user, evaluation)));
      if (!held.length) throw new DomainError('FORBIDDEN', '只有本项评价的评价组可以上传上年度问题核查的佐证材料');
      if (!held.some((rule) => rule.states.includes(evaluation.state))) {
        const label = stateLabel(lifecycleOf(evaluation.kind), evaluation.state);
        throw new DomainError('CONFLICT', `评价当前状态（${label.zh}）下不能上传文件`, { state: evaluation.state });
      }
    };
    this.registry.register({
      type: 'prior_year_followup',
      evaluationOf,
      assertReadable: async (user, ability, id) => void (await load(user, ability, id)),
      assertCanUpload,
      assertCanWithdraw: async (user, ability, id, attachment: AttachmentRow) => {
        await load(user, ability, id);
        if (attachment.uploadedById !== user.id) throw new DomainError('FORBIDDEN', '只有上传者本人可以撤回该文件');
        await assertCanUpload(user, ability, id);
      },
    });
  }
}
