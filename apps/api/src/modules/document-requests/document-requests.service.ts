import { Injectable } from '@nestjs/common';
import { Workbook } from 'exceljs';
import { itemEvaluationOf } from '../workflow/engine/evaluation-context.sql';
import {
  DomainError,
  documentDueDate,
  type AcceptDocumentRequestsInput,
  type AppAbility,
  type CreateDocumentRequestInput,
  type DocumentRequestDto,
  type FieldIssue,
  type IssueDocumentRequestsInput,
  type UpdateDocumentRequestInput,
} from '@evalflow/domain';
import { ASSIGNED_TEAM, DEPARTMENT, DOCUMENT_REQUEST, DOCUMENT_REQUEST_ANSWERERS, checkPermits } from '@evalflow/workflow';
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
import { DocumentRequestRepository, type DocumentRequestExportRow, type DocumentRequestRow, type NewDocumentRequest } from './document-request.repository';
import { DocumentRequestTemplatesService } from './document-request-templates.service';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';

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
    private readonly templates: DocumentRequestTemplatesService,
    private readonly runner: WorkflowRunner,
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

  /**
   * Only the assigned team, only in fieldwork. The item's lifecycle starts in `requested`. Its owner, when given, must
   * be an active user of the evaluated department (422 on `ownerUserId`); without one the department head answers it.
   */
  async create(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, input: CreateDocumentRequestInput): Promise<DocumentRequestDto> {
    const id = await this.evaluations.db.transaction(async (manager) => {
      // The evaluation's row is locked only to check its stage against concurrent transitions.
      const evaluation = await this.evaluations.findById(evaluationId, manager, true);
      if (!evaluation) throw new DomainError('NOT_FOUND', 'Evaluation not found');
      assertCan(ability, 'read', 'Evaluation', evaluationSubject(evaluation));
      if (checkPermits([ASSIGNED_TEAM], workflowActor(user, evaluation))) throw new DomainError('FORBIDDEN', '只有本项评价的评价组可以提出资料清单');
      if (!REQUESTING_STATES.includes(evaluation.state)) throw new DomainError('CONFLICT', '只有在现场评价阶段才能提出资料清单');
      const problems: FieldIssue[] = [];
      if (input.dueOn && input.dueOn < (await this.evaluations.today(manager))) problems.push({ path: 'dueOn', message: '提供期限不能早于今天' });
      if (input.ownerUserId && !(await this.requests.departmentUsers(manager, evaluation.departmentId)).some((owner) => owner.id === input.ownerUserId)) {
        problems.push({ path: 'ownerUserId', message: '责任人须为被评价部门的在职用户' });
      }
      if (problems.length) throw new DomainError('RULE_VIOLATION', '资料清单事项的内容不符合要求', problems);
      const created = await this.requests.create(
        manager,
        evaluationId,
        { title: input.title, description: input.description ?? null, dueOn: input.dueOn ?? null, ownerUserId: input.ownerUserId ?? null },
        user.id,
      );
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

  /**
   * 按模板下发: the whole list in one transaction (the assigned team, in fieldwork). Every template item is issued
   * unless left out; each is due N working days from today (the holiday calendar) or on its own date, owned by a
   * user of the evaluated department, and gets its 提供期限 and reminders as a single item does. Items already on
   * the list (same template item key) are skipped. Any bad line refuses the whole call with every problem listed.
   */
  async issue(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, input: IssueDocumentRequestsInput) {
    const { created, skipped } = await this.evaluations.db.transaction(async (manager) => {
      const evaluation = await this.evaluations.findById(evaluationId, manager, true);
      if (!evaluation) throw new DomainError('NOT_FOUND', 'Evaluation not found');
      assertCan(ability, 'read', 'Evaluation', evaluationSubject(evaluation));
      if (checkPermits([ASSIGNED_TEAM], workflowActor(user, evaluation))) throw new DomainError('FORBIDDEN', '只有本项评价的评价组可以下发资料清单');
      if (!REQUESTING_STATES.includes(evaluation.state)) throw new DomainError('CONFLICT', '只有在现场评价阶段才能下发资料清单');
      const template = await this.templates.forEvaluation(input.templateId, evaluation.commissioningOrganisationId);
      const today = await this.evaluations.today(manager);
      const owners = new Set((await this.requests.departmentUsers(manager, evaluation.departmentId)).map((owner) => owner.id));

      const problems: FieldIssue[] = [];
      const overrides = new Map<string, { index: number; line: NonNullable<IssueDocumentRequestsInput['items']>[number] }>();
      for (const [index, line] of (input.items ?? []).entries()) {
        if (!template.items.some((item) => item.key === line.key)) problems.push({ path: `items.${index}.key`, message: '模板中没有该事项' });
        else if (overrides.has(line.key)) problems.push({ path: `items.${index}.key`, message: '同一事项列了两次' });
        else overrides.set(line.key, { index, line });
        if (line.dueOn && line.dueOn < today) problems.push({ path: `items.${index}.dueOn`, message: '提供期限不能早于今天' });
        if (line.ownerUserId && !owners.has(line.ownerUserId)) problems.push({ path: `items.${index}.ownerUserId`, message: '责任人须为被评价部门的在职用户' });
      }
      if (input.ownerUserId && !owners.has(input.ownerUserId)) problems.push({ path: 'ownerUserId', message: '责任人须为被评价部门的在职用户' });
      if (problems.length) throw new DomainError('RULE_VIOLATION', '资料清单的内容不符合要求', problems);

      const issued = await this.requests.issuedTemplateItems(manager, evaluationId);
      const skipped: { key: string; title: string; id: string }[] = [];
      const plans: NewDocumentRequest[] = [];
      for (const item of template.items) {
        const line = overrides.get(item.key)?.line;
        if (line && !line.include) continue;
        const already = issued.get(item.key);
        if (already) {
          skipped.push({ key: item.key, title: already.title, id: already.id });
          continue;
        }
        const due = documentDueDate(today, line?.dueOn ? { dueOn: line.dueOn } : { dueInWorkingDays: line?.dueInWorkingDays ?? input.dueInWorkingDays });
        plans.push({
          title: line?.title ?? item.title,
          description: item.description || null,
          dueOn: due.date,
          ownerUserId: line?.ownerUserId !== undefined ? line.ownerUserId : (input.ownerUserId ?? null),
          templateItemKey: item.key,
          indicatorCodes: item.indicatorCodes,
        });
      }
      const created: string[] = [];
      for (const plan of plans) created.push(await this.requests.create(manager, evaluationId, plan, user.id));
      await this.workflowTasks.sync(manager, 'document_request', created);
      for (const [index, id] of created.entries()) {
        const running = await this.effects.setItemDeadline(manager, 'document_request', id, 'document_request', plans[index].dueOn!, 'active');
        if (running) await this.outbox.write(manager, [planReminders('document_request', id, running)]);
      }
      return { created, skipped };
    });
    this.relay.kick();
    const items = (await this.requests.listForEvaluation(evaluationId)).filter((row) => created.includes(row.id)).map(toDto);
    return { created: items, skipped };
  }

  /** 批量确认: `accept` on every item through the engine in one transaction; any refusal (listed) accepts none. */
  async acceptMany(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, input: AcceptDocumentRequestsInput) {
    const evaluation = await this.readableEvaluation(ability, evaluationId);
    if (checkPermits([ASSIGNED_TEAM], workflowActor(user, evaluation))) throw new DomainError('FORBIDDEN', '只有本项评价的评价组可以确认资料');
    const onList = new Set((await this.requests.listForEvaluation(evaluationId)).map((row) => row.id));
    const strangers = input.items.flatMap((item, index) => (onList.has(item.id) ? [] : [{ path: `items.${index}.id`, message: '该事项不在本项评价的资料清单中' }]));
    if (strangers.length) throw new DomainError('RULE_VIOLATION', '资料清单的内容不符合要求', strangers);
    await this.runner.fireAll(
      'document_request',
      user,
      ability,
      input.items.map((item) => ({ id: item.id, request: { action: 'accept', expectedVersion: item.expectedVersion } })),
    );
    const rows = new Map((await this.requests.listForEvaluation(evaluationId)).map((row) => [row.id, row]));
    return { items: input.items.map((item) => ({ id: item.id, ok: true as const, item: toDto(rows.get(item.id)!) })) };
  }

  /** 资料清单.xlsx: every item with its status, the department's note, files, reasons and who accepted it when. */
  async exportWorkbook(ability: AppAbility, evaluationId: string): Promise<{ workbook: Workbook; filename: string }> {
    const evaluation = await this.readableEvaluation(ability, evaluationId);
    return { workbook: documentRequestWorkbook(evaluation.title, await this.requests.exportRows(evaluationId)), filename: '资料清单.xlsx' };
  }

  /** 责任人 candidates: the evaluated department's active users, for the team and the department. */
  async owners(user: AuthenticatedUser, ability: AppAbility, evaluationId: string) {
    const evaluation = await this.readableEvaluation(ability, evaluationId);
    if (checkPermits([ASSIGNED_TEAM, DEPARTMENT], workflowActor(user, evaluation))) throw new DomainError('FORBIDDEN', '只有评价组和被评价部门可以查看责任人');
    return { items: await this.requests.departmentUsers(this.requests.db, evaluation.departmentId) };
  }

  /**
   * The department notes what it hands over (files, or paper handed over on site): who answers the item, its owner or
   * the department head (403 with the reason for another department user), while it waits on the department.
   */
  async update(user: AuthenticatedUser, ability: AppAbility, id: string, input: UpdateDocumentRequestInput): Promise<DocumentRequestDto> {
    await this.requests.db.transaction(async (manager) => {
      const row = await this.requests.findById(manager, id, true);
      if (!row) throw new DomainError('NOT_FOUND', '资料清单事项不存在');
      assertItemReadable(ability, row);
      const actor = actorFor(user, asDocumentRequestAggregate(row));
      if (checkPermits([DEPARTMENT], actor)) throw new DomainError('FORBIDDEN', '只有被评价部门可以登记提供的资料');
      if (checkPermits(DOCUMENT_REQUEST_ANSWERERS, actor)) throw new DomainError('FORBIDDEN', '只有该资料的负责人或部门负责人可以登记提供情况');
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
    owner: row.ownerUserId ? { id: row.ownerUserId, displayName: row.ownerName ?? '' } : null,
    templateItemKey: row.templateItemKey,
    indicatorCodes: row.indicatorCodes ?? [],
    createdBy: { id: row.createdById, displayName: row.createdByName },
    stateChangedAt: row.stateChangedAt,
    updatedAt: row.updatedAt,
  };
}

export const DOCUMENT_REQUEST_EXPORT_HEADERS = ['序号', '资料名称', '说明', '责任人', '提供期限', '状态', '部门说明', '文件数', '退回/未提供原因', '确认人/日期'] as const;

/** The list as people print and hand it round: one header row, one line per item, in list order. */
export function documentRequestWorkbook(title: string, rows: readonly DocumentRequestExportRow[]): Workbook {
  const workbook = new Workbook();
  workbook.creator = 'Evalflow';
  const sheet = workbook.addWorksheet('资料清单');
  sheet.columns = [6, 28, 36, 10, 12, 10, 30, 8, 30, 20].map((width) => ({ width }));
  const header = sheet.addRow([...DOCUMENT_REQUEST_EXPORT_HEADERS]);
  header.font = { bold: true };
  rows.forEach((row, index) => {
    // Empty cells stay empty (null), so the sheet reads back as it was written.
    sheet.addRow([
      index + 1,
      row.title,
      row.description || null,
      row.ownerName,
      row.dueOn,
      stateLabel(DOCUMENT_REQUEST, row.state).zh,
      row.materialsNote || null,
      row.fileCount,
      row.reason || null,
      row.acceptedBy ? `${row.acceptedBy} ${row.acceptedOn ?? ''}`.trim() : null,
    ]);
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  workbook.title = `${title} 资料清单`;
  return workbook;
}
