import { Injectable } from '@nestjs/common';
import { DomainError, type AppAbility, type AttachmentSubjectType } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import type { Queryable } from '../../infrastructure/database/queryable';
import type { AttachmentRow } from './attachments.repository';

/**
 * What a record a file can be attached to says about its files: which evaluation it belongs to (quota, the
 * attachment's evaluation), who may read them (every list and every download asks), who may upload and who may
 * withdraw. Each subject type registers one policy here when its module starts (like the workflow adapters with the
 * runner): document_request, finding, finding_answer and rectification_item in attachment-policies.ts; working_paper
 * from the working-papers module; prior_year_followup (an assessment's evidence) from the rectification module.
 *
 * Every method throws the refusal (404 when the caller may not see the record, 403 when it is not theirs to do, 409
 * when the record's state does not allow it now) and resolves otherwise.
 */
export interface AttachmentSubjectPolicy {
  readonly type: AttachmentSubjectType;
  /** The evaluation the record belongs to; null when there is no such record (404). */
  evaluationOf(runner: Queryable, id: string): Promise<string | null>;
  assertReadable(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<void>;
  assertCanUpload(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<void>;
  assertCanWithdraw(user: AuthenticatedUser, ability: AppAbility, id: string, attachment: AttachmentRow): Promise<void>;
}

@Injectable()
export class AttachmentSubjectRegistry {
  private readonly policies = new Map<AttachmentSubjectType, AttachmentSubjectPolicy>();

  register(policy: AttachmentSubjectPolicy): void {
    this.policies.set(policy.type, policy);
  }

  get(type: AttachmentSubjectType): AttachmentSubjectPolicy {
    const policy = this.policies.get(type);
    if (!policy) throw new DomainError('NOT_FOUND', '该类记录暂不能附加文件');
    return policy;
  }

  /** The policy and the record's evaluation, 404 when the record does not exist or the caller may not read it. */
  async readable(user: AuthenticatedUser, ability: AppAbility, runner: Queryable, type: AttachmentSubjectType, id: string): Promise<{ policy: AttachmentSubjectPolicy; evaluationId: string }> {
    const policy = this.get(type);
    const evaluationId = await policy.evaluationOf(runner, id);
    if (!evaluationId) throw new DomainError('NOT_FOUND', '文件所属的记录不存在');
    await policy.assertReadable(user, ability, id);
    return { policy, evaluationId };
  }
}
