import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainError, type AppAbility } from '@evalflow/domain';
import { ASSIGNED_TEAM, checkPermits } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import type { Queryable } from '../../infrastructure/database/queryable';
import { AttachmentSubjectRegistry } from '../attachments/attachment-subjects';
import type { AttachmentRow } from '../attachments/attachments.repository';
import { actorFor } from '../workflow/engine/workflow-runner.service';
import { asWorkingPaperAggregate } from './working-paper.adapter';
import { WorkingPaperRepository } from './working-paper.repository';
import { WorkingPapersService } from './working-papers.service';

const FROZEN = '该工作底稿已复核，其中的文件不能再变更';

/**
 * The files of a working paper (访谈录音整理稿, 核查照片, 问卷扫描件 …): read like the paper (the team, the bureau,
 * auditors; never the department); uploaded by the team while the paper is not signed off; withdrawn by whoever
 * uploaded the file, while the paper is not signed off. Registered with the attachments' registry on start.
 */
@Injectable()
export class WorkingPaperAttachments implements OnModuleInit {
  constructor(
    private readonly registry: AttachmentSubjectRegistry,
    private readonly papers: WorkingPaperRepository,
    private readonly service: WorkingPapersService,
  ) {}

  onModuleInit(): void {
    const notSignedOff = async (user: AuthenticatedUser, ability: AppAbility, id: string) => {
      const row = await this.service.readable(user, ability, this.papers.db, id);
      if (row.state === 'signed_off') throw new DomainError('CONFLICT', FROZEN, { state: row.state });
      return row;
    };
    this.registry.register({
      type: 'working_paper',
      evaluationOf: async (runner: Queryable, id: string) => (await this.papers.findById(runner, id))?.evaluationId ?? null,
      assertReadable: async (user, ability, id) => void (await this.service.readable(user, ability, this.papers.db, id)),
      assertCanUpload: async (user, ability, id) => {
        const row = await this.service.readable(user, ability, this.papers.db, id);
        if (checkPermits([ASSIGNED_TEAM], actorFor(user, asWorkingPaperAggregate(row)))) throw new DomainError('FORBIDDEN', '只有本项评价的评价组可以为工作底稿上传文件');
        if (row.state === 'signed_off') throw new DomainError('CONFLICT', FROZEN, { state: row.state });
      },
      assertCanWithdraw: async (user, ability, id, attachment: AttachmentRow) => {
        await notSignedOff(user, ability, id);
        if (attachment.uploadedById !== user.id) throw new DomainError('FORBIDDEN', '只有上传者本人可以撤回该文件');
      },
    });
  }
}
