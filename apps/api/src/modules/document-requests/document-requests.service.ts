import { Injectable } from '@nestjs/common';
import { itemEvaluationOf } from '../workflow/engine/evaluation-context.sql';
import { DomainError, type AppAbility, type CreateDocumentRequestInput, type DocumentRequestDto, type UpdateDocumentRequestInput } from '@evalflow/domain';
import { ASSIGNED_TEAM, DEPARTMENT, DOCUMENT_REQUEST, checkPermits } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { assertCan } from '../../authz/record-access';
import { versionConflict } from '../../common/version-conflict';
import { evaluationSubject, workflowActor } from '../evaluations/evaluation-lifecycle';
import { EvaluationRepository } from '../evaluations/evaluation.repository';
import { WorkflowTasksRepository } from '../workflow/engine/workflow-tasks.repository';
import { actorFor, stateLabel } from '../workflow/engine/workflow-runner.service';
import { WorkflowEffectsRepository, planReminders } from '../workflow/engine/workflow-effects.repository';
import { OutboxRepository } from '../workflow/outbox.repository';
import { OutboxRelay } from '../workflow/outbox-relay.service';
import { assertItemReadable } from '../rectification/rectification-item.adapter';
import { asDocumentRequestAggregate } from './document-request.adapter';
import { DocumentRequestRepository, type DocumentRequestRow } from './document-request.repository';

/** The team asks for materials while it does its fieldwork (DOMAIN §2.3). */
const REQUESTING_STATES = ['fieldwork'];
/** The department records what it provides while an item waits on it. */
const ANSWERABLE_STATES = ['requested', 'returned'];

/** 资料清单: an evaluation's list, the team adding items, the department recording what it provides. */
@Injectable()
export class DocumentRequestsService {
  constructor(
    private readonly requests: DocumentRequestRepository,
    private readonly evaluations: EvaluationRepository,
    private readonly effects: WorkflowEffectsRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly workflowTasks: WorkflowTasksRepository,
  ) {}

  async listForEvaluation(ability: AppAbility, evaluationId: string): Promise<DocumentRequestDto[]> {
    await this.readableEvaluation(ability, evaluationId);
    return (await this.requests.listForEvaluation(evaluationId)).map(toDto);
  }

  async get(ability: AppAbility, id: string): Promise<DocumentRequestDto> {
    const row = await this.requests.findById(this.requests.db, id);
    if (!row) throw new DomainError('NOT_FOUND', '资料清单事项不存在');
    assertItemReadable(ability, row);
    return toDto(row);
  }

  /** Only the assigned team, only in fieldwork. The item's lifecycle starts in `requested`. */
  async create(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, input: CreateDocumentRequestInput): Promise<DocumentRequestDto> {
    const id = await this.evaluations.db.transaction(async (manager) => {
      // The evaluation's row is locked only to check its stage against concurrent transitions.
      const evaluation = await this.evaluations.findById(evaluationId, manager, true);
      if (!evaluation) throw new DomainError('NOT_FOUND', 'Evaluation not found');
      assertCan(ability, 'read', 'Evaluation', evaluationSubject(evaluation));
      if (checkPermits([ASSIGNED_TEAM], workflowActor(user, evaluation))) throw new DomainError('FORBIDDEN', '只有本项评价的评价组可以提出资料清单');
      if (!REQUESTING_STATES.includes(evaluation.state)) throw new DomainError('CONFLICT', '只有在现场评价阶段才能提出资料清单');
      if (input.dueOn && input.dueOn < (await this.evaluations.today(manager))) {
        throw new DomainError('RULE_VIOLATION', '资料清单事项的内容不符合要求', [{ path: 'dueOn', message: '提供期限不能早于今天' }]);
      }
      const created = await this.requests.create(manager, evaluationId, { title: input.title, description: input.description ?? null, dueOn: input.dueOn ?? null }, user.id);
      // The item waits on the department (我的待办).
      await this.workflowTasks.sync(manager, 'document_request', created);
      // The 提供期限 runs from the request on; answering ends it, sending an answer back starts it again.
      if (input.dueOn) {
        const running = await this.effects.setItemDeadline(manager, 'document_request', created, 'document_request', input.dueOn, 'active');
        if (running) await this.outbox.write(manager, [planReminders('document_request', created, running)]);
      }
      return created;
    });
    this.relay.kick();
    return toDto((await this.requests.findById(this.requests.db, id))!);
  }

  /** The department notes what it hands over (files come with the materials work; paper handed over on site counts). */
  async update(user: AuthenticatedUser, ability: AppAbility, id: string, input: UpdateDocumentRequestInput): Promise<DocumentRequestDto> {
    await this.requests.db.transaction(async (manager) => {
      const row = await this.requests.findById(manager, id, true);
      if (!row) throw new DomainError('NOT_FOUND', '资料清单事项不存在');
      assertItemReadable(ability, row);
      if (checkPermits([DEPARTMENT], actorFor(user, asDocumentRequestAggregate(row)))) throw new DomainError('FORBIDDEN', '只有被评价部门可以登记提供的资料');
      if (!ANSWERABLE_STATES.includes(row.state)) throw new DomainError('CONFLICT', `该事项${stateLabel(DOCUMENT_REQUEST, row.state).zh}，不能再修改`);
      if (row.version !== input.expectedVersion) throw versionConflict(row.version);
      if (!(await this.requests.updateMaterials(manager, id, input.expectedVersion, input.materialsNote, user.id))) throw versionConflict(undefined);
    });
    return toDto((await this.requests.findById(this.requests.db, id))!);
  }

  private async readableEvaluation(ability: AppAbility, evaluationId: string) {
    const evaluation = await this.evaluations.findById(evaluationId);
    if (!evaluation) throw new DomainError('NOT_FOUND', 'Evaluation not found');
    assertCan(ability, 'read', 'Evaluation', evaluationSubject(evaluation));
    return evaluation;
  }
}

export function toDto(row: DocumentRequestRow): DocumentRequestDto {
  return {
    id: row.id,
    state: row.state,
    stateLabel: stateLabel(DOCUMENT_REQUEST, row.state),
    terminal: DOCUMENT_REQUEST.terminal.includes(row.state as never),
    version: row.version,
    evaluation: itemEvaluationOf(row),
    title: row.title,
    description: row.description,
    dueOn: row.dueOn,
    materialsNote: row.materialsNote,
    createdBy: { id: row.createdById, displayName: row.createdByName },
    stateChangedAt: row.stateChangedAt,
    updatedAt: row.updatedAt,
  };
}
