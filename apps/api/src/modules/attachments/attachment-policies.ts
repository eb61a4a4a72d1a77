import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainError, type AppAbility } from '@evalflow/domain';
import { ASSIGNED_TEAM, DEPARTMENT, DOCUMENT_REQUEST, DOCUMENT_REQUEST_ANSWERERS, RECTIFICATION_ITEM, checkPermits } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import type { Queryable } from '../../infrastructure/database/queryable';
import { asDocumentRequestAggregate } from '../document-requests/document-request.adapter';
import { DocumentRequestRepository, type DocumentRequestRow } from '../document-requests/document-request.repository';
import { holdsPermit, lifecycleOf, loadVisibleEvaluation, workflowActor } from '../evaluations/evaluation-lifecycle';
import type { EvaluationRecord } from '../evaluations/evaluation.repository';
import { EvaluationRepository } from '../evaluations/evaluation.repository';
import { ANSWERING } from '../evaluations/findings.service';
import { assertReviewWorkVisible } from '../evaluations/review-work-visibility';
import { FINDINGS_WORK, type StageWork } from '../evaluations/stage-work';
import { asRectificationAggregate, assertItemReadable } from '../rectification/rectification-item.adapter';
import { RectificationItemRepository, type RectificationItemRow } from '../rectification/rectification-item.repository';
import { actorFor, stateLabel } from '../workflow/engine/workflow-runner.service';
import { AttachmentSubjectRegistry, type AttachmentSubjectPolicy } from './attachment-subjects';
import { findingEvaluationId, type AttachmentRow } from './attachments.repository';

/** The department hands in files while the item waits on it. */
const DOCUMENT_REQUEST_DEPARTMENT_STATES = ['requested', 'returned'];
/** Once the team has accepted an item its files are settled. */
const DOCUMENT_REQUEST_SETTLED = 'accepted';
/** Evidence of rectification is added until the item is verified or closed; not while the verifier looks at it. */
const RECTIFICATION_CLOSED_STATES = ['submitted_for_verification', 'verified', 'carried_over'];

const notTheUploader = () => new DomainError('FORBIDDEN', '只有上传者本人可以撤回该文件');

/**
 * The files of the records part A knows: 资料清单事项 (document_request), 发现问题 (finding), the department's answer
 * to a finding (finding_answer, subject id = the finding's id) and 整改事项 (rectification_item).
 */
@Injectable()
export class AttachmentPolicies implements OnModuleInit {
  constructor(
    private readonly registry: AttachmentSubjectRegistry,
    private readonly evaluations: EvaluationRepository,
    private readonly documentRequests: DocumentRequestRepository,
    private readonly rectificationItems: RectificationItemRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.documentRequest());
    this.registry.register(this.finding('finding', FINDINGS_WORK, '只有本项评价的评价组可以为发现问题上传文件'));
    this.registry.register(this.finding('finding_answer', ANSWERING, '只有被评价部门可以为反馈意见上传文件'));
    this.registry.register(this.rectificationItem());
  }

  private documentRequest(): AttachmentSubjectPolicy {
    const load = async (_user: AuthenticatedUser, ability: AppAbility, id: string): Promise<DocumentRequestRow> => {
      const row = await this.documentRequests.findById(this.documentRequests.db, id);
      if (!row) throw new DomainError('NOT_FOUND', '资料清单事项不存在');
      assertItemReadable(ability, row);
      return row;
    };
    const assertCanUpload = async (user: AuthenticatedUser, ability: AppAbility, id: string) => {
      const row = await load(user, ability, id);
      const actor = actorFor(user, asDocumentRequestAggregate(row));
      // Of the department, who answers the item: its owner or the department head (the head alone without an owner).
      const department = !checkPermits(DOCUMENT_REQUEST_ANSWERERS, actor);
      const team = !checkPermits([ASSIGNED_TEAM], actor);
      if (!department && !team) {
        if (!checkPermits([DEPARTMENT], actor)) throw new DomainError('FORBIDDEN', '只有该资料的负责人或部门负责人可以上传文件');
        throw new DomainError('FORBIDDEN', '只有被评价部门或本项评价的评价组可以为资料清单事项上传文件');
      }
      if (department && DOCUMENT_REQUEST_DEPARTMENT_STATES.includes(row.state)) return;
      if (team && row.state !== DOCUMENT_REQUEST_SETTLED) return;
      throw new DomainError('CONFLICT', `该事项${stateLabel(DOCUMENT_REQUEST, row.state).zh}，不能再上传文件`, { state: row.state });
    };
    return {
      type: 'document_request',
      evaluationOf: async (runner: Queryable, id: string) => (await this.documentRequests.findById(runner, id))?.evaluationId ?? null,
      assertReadable: async (user, ability, id) => void (await load(user, ability, id)),
      assertCanUpload,
      assertCanWithdraw: async (user, ability, id, attachment: AttachmentRow) => {
        const row = await load(user, ability, id);
        if (attachment.uploadedById !== user.id) throw notTheUploader();
        if (row.state === DOCUMENT_REQUEST_SETTLED) throw new DomainError('CONFLICT', '该事项已确认，其中的文件不能再撤回', { state: row.state });
      },
    };
  }

  /** A finding's files are the team's; its answer's files the department's. Both read like the finding itself. */
  private finding(type: 'finding' | 'finding_answer', work: StageWork, forbidden: string): AttachmentSubjectPolicy {
    const load = async (user: AuthenticatedUser, ability: AppAbility, id: string): Promise<EvaluationRecord> => {
      const evaluationId = await findingEvaluationId(this.evaluations.db, id);
      if (!evaluationId) throw new DomainError('NOT_FOUND', '发现问题不存在');
      const evaluation = await loadVisibleEvaluation(this.evaluations, ability, evaluationId);
      // The department sees findings (and so their files) only once they are published to it.
      assertReviewWorkVisible(user, evaluation);
      return evaluation;
    };
    const assertCanUpload = async (user: AuthenticatedUser, ability: AppAbility, id: string) => {
      const evaluation = await load(user, ability, id);
      const rules = typeof work.rules === 'function' ? work.rules(evaluation) : work.rules;
      const actor = workflowActor(user, evaluation);
      const held = rules.filter((rule) => holdsPermit(rule.permits, actor));
      if (!held.length) throw new DomainError('FORBIDDEN', forbidden);
      if (!held.some((rule) => rule.states.includes(evaluation.state))) {
        const label = stateLabel(lifecycleOf(evaluation.kind), evaluation.state);
        throw new DomainError('CONFLICT', `评价当前状态（${label.zh}）下不能上传文件`, { state: evaluation.state });
      }
    };
    return {
      type,
      evaluationOf: (runner, id) => findingEvaluationId(runner, id),
      assertReadable: async (user, ability, id) => void (await load(user, ability, id)),
      assertCanUpload,
      assertCanWithdraw: async (user, ability, id, attachment) => {
        await load(user, ability, id);
        if (attachment.uploadedById !== user.id) throw notTheUploader();
        await assertCanUpload(user, ability, id);
      },
    };
  }

  private rectificationItem(): AttachmentSubjectPolicy {
    const load = async (ability: AppAbility, id: string): Promise<RectificationItemRow> => {
      const row = await this.rectificationItems.findById(this.rectificationItems.db, id);
      if (!row) throw new DomainError('NOT_FOUND', '整改事项不存在');
      assertItemReadable(ability, row);
      return row;
    };
    const assertCanUpload = async (user: AuthenticatedUser, ability: AppAbility, id: string) => {
      const row = await load(ability, id);
      if (checkPermits([DEPARTMENT], actorFor(user, asRectificationAggregate(row)))) throw new DomainError('FORBIDDEN', '只有被评价部门可以上传整改佐证材料');
      if (RECTIFICATION_CLOSED_STATES.includes(row.state)) throw new DomainError('CONFLICT', `整改事项${stateLabel(RECTIFICATION_ITEM, row.state).zh}，不能再上传文件`, { state: row.state });
    };
    return {
      type: 'rectification_item',
      evaluationOf: async (runner, id) => (await this.rectificationItems.findById(runner, id))?.evaluationId ?? null,
      assertReadable: async (_user, ability, id) => void (await load(ability, id)),
      assertCanUpload,
      assertCanWithdraw: async (user, ability, id, attachment) => {
        await load(ability, id);
        if (attachment.uploadedById !== user.id) throw notTheUploader();
        await assertCanUpload(user, ability, id);
      },
    };
  }
}
