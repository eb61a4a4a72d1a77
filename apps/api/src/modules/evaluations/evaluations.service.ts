import { Injectable } from '@nestjs/common';
import {
  DomainError,
  asSubject,
  type AppAbility,
  type CreateEvaluationInput,
  type EvaluationActionsDto,
  type EvaluationDto,
  type FieldIssue,
  type HistoryEntryDto,
  type ListEvaluationsQuery,
  type Page,
  type TaskDto,
  type UpdateEvaluationInput,
} from '@evalflow/domain';
import type { AnyWorkflowDefinition } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { permittedFilter } from '../../authz/casl-to-sql';
import { assertCan } from '../../authz/record-access';
import { toPage } from '../../common/pagination';
import { versionConflict } from '../../common/version-conflict';
import { FrameworksRepository } from '../frameworks/frameworks.repository';
import { organisationStanding } from '../organisations/organisations.repository';
import { teamCandidates } from '../users/users.repository';
import type { AggregateRecord } from '../workflow/engine/aggregate-adapter';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { definitionFor, subjectPath } from '../workflow/engine/subjects';
import { WorkflowTasksRepository, type InboxRow } from '../workflow/engine/workflow-tasks.repository';
import {
  currentDeadline,
  deadlineView,
  evaluationSubject,
  lifecycleOf,
  loadVisibleEvaluation,
  stateLabel,
} from './evaluation-lifecycle';
import { EVALUATION_PERMISSION_COLUMNS, EvaluationRepository, type EvaluationRecord, type Queryable } from './evaluation.repository';
import { REVIEW_WORK_FILES, hidesReviewWork } from './review-work-visibility';

@Injectable()
export class EvaluationsService {
  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly frameworks: FrameworksRepository,
    private readonly runner: WorkflowRunner,
    private readonly workflowTasks: WorkflowTasksRepository,
  ) {}

  async list(ability: AppAbility, query: ListEvaluationsQuery): Promise<Page<EvaluationDto>> {
    const permitted = permittedFilter(ability, 'read', 'Evaluation', EVALUATION_PERMISSION_COLUMNS);
    if (permitted.kind === 'none') return toPage([], 0, query);
    const { items, total } = await this.evaluations.list(query, permitted);
    return toPage(items.map(toDto), total, query);
  }

  /** Loads an evaluation the caller may read (404 otherwise: its existence is not disclosed). */
  load(ability: AppAbility, id: string): Promise<EvaluationRecord> {
    return loadVisibleEvaluation(this.evaluations, ability, id);
  }

  async get(ability: AppAbility, id: string): Promise<EvaluationDto> {
    return toDto(await this.load(ability, id));
  }

  /** 委托: the bureau drafts an evaluation; the `commission` transition releases it once the terms are complete. */
  async create(user: AuthenticatedUser, ability: AppAbility, input: CreateEvaluationInput): Promise<EvaluationDto> {
    if (!ability.can('create', asSubject('Evaluation', { commissioningOrganisationId: user.organisationId }))) {
      throw new DomainError('FORBIDDEN', 'Only a finance bureau commissions evaluations');
    }
    await this.checkTerms(user, input.kind, input);
    const definition = lifecycleOf(input.kind);
    const id = await this.evaluations.db.transaction(async (manager) => {
      const created = await this.evaluations.create(manager, input, definition.initial, user.organisationId, user.id);
      await this.evaluations.replaceTeam(manager, created, input.leadUserId ?? null, input.memberUserIds ?? []);
      await this.evaluations.upsertDeadlines(manager, created, input.deadlines ?? {}, await this.evaluations.today(manager));
      // The draft waits on its bureau to commission it: 我的待办 shows it from now on.
      await this.workflowTasks.sync(manager, 'evaluation', created);
      return created;
    });
    return toDto((await this.evaluations.findById(id))!);
  }

  /** The terms change only while the evaluation is a draft: once commissioned they are what everyone was told. */
  async update(user: AuthenticatedUser, ability: AppAbility, id: string, input: UpdateEvaluationInput): Promise<EvaluationDto> {
    const current = await this.load(ability, id);
    assertCan(ability, 'update', 'Evaluation', evaluationSubject(current));
    if (current.version !== input.expectedVersion) throw versionConflict(current.version);
    if (current.state !== 'draft') throw new DomainError('CONFLICT', 'The terms are fixed once the evaluation is commissioned', { state: current.state });
    const merged = {
      scope: input.scope ?? current.scope,
      projectName: input.projectName !== undefined ? input.projectName : current.projectName,
      departmentId: input.departmentId ?? current.departmentId,
      frameworkVersionId: input.frameworkVersionId !== undefined ? input.frameworkVersionId : current.frameworkVersionId,
      evaluatorOrganisationId: input.evaluatorOrganisationId !== undefined ? input.evaluatorOrganisationId : current.evaluatorOrganisationId,
      leadUserId: input.leadUserId !== undefined ? input.leadUserId : (current.team.find((m) => m.role === 'lead')?.userId ?? null),
      memberUserIds: input.memberUserIds ?? current.team.filter((m) => m.role === 'member').map((m) => m.userId),
    };
    if (merged.scope === 'project' && !merged.projectName) {
      throw new DomainError('VALIDATION_FAILED', 'Invalid request', [{ path: 'projectName', message: 'a project evaluation names its project' }]);
    }
    await this.checkTerms(user, current.kind, merged);
    await this.evaluations.db.transaction(async (manager) => {
      if (!(await this.evaluations.updateTerms(manager, id, input))) throw versionConflict((await this.evaluations.findById(id, manager))?.version);
      if (input.leadUserId !== undefined || input.memberUserIds !== undefined) {
        await this.evaluations.replaceTeam(manager, id, merged.leadUserId, merged.memberUserIds);
      }
      // Only a draft's terms change here, so no deadline is running yet and no reminder needs planning.
      if (input.deadlines) await this.evaluations.upsertDeadlines(manager, id, input.deadlines, await this.evaluations.today(manager));
    });
    return toDto((await this.evaluations.findById(id))!);
  }

  /** What the caller may do now: the engine answers for every lifecycle alike. */
  actions(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<EvaluationActionsDto> {
    return this.runner.actions('evaluation', user, ability, id);
  }

  /**
   * The evaluation's history. Its entries carry the files of its findings and of the department's answers (linked
   * when each step was recorded); the department sees them with the findings themselves, from the draft for comment on.
   */
  historyOf(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<HistoryEntryDto[]> {
    return this.runner.historyOf('evaluation', ability, id, {
      hiddenFiles: (record) => (hidesReviewWork(user, record as EvaluationRecord & AggregateRecord) ? REVIEW_WORK_FILES : []),
    });
  }

  /**
   * 我的待办: every record (evaluation, rectification item, document request) whose state waits on the caller — an
   * action they may fire now (a guard may still block it: then the task is to clear the guard) or the stage's data
   * entry that is theirs — on records they may read; one indexed query over workflow_tasks, sorted before paging.
   */
  async tasks(user: AuthenticatedUser, ability: AppAbility, query: { page: number; pageSize: number }): Promise<Page<TaskDto>> {
    const permitted = permittedFilter(ability, 'read', 'Evaluation', EVALUATION_PERMISSION_COLUMNS);
    if (permitted.kind === 'none') return toPage([], 0, query);
    const { rows, total } = await this.workflowTasks.inbox(user, permitted, query);
    return toPage(rows.map(toTaskDto), total, query);
  }

  /** Checks every party the terms name, reporting each problem against its field (422). */
  private async checkTerms(
    user: AuthenticatedUser,
    kind: EvaluationRecord['kind'],
    terms: {
      scope?: EvaluationRecord['scope'];
      departmentId: string;
      frameworkVersionId?: string | null;
      evaluatorOrganisationId?: string | null;
      leadUserId?: string | null;
      memberUserIds?: readonly string[];
    },
    runner: Queryable = this.evaluations.db,
  ): Promise<void> {
    const issues: FieldIssue[] = [];
    const department = await organisationStanding(runner, terms.departmentId);
    // One answer for "no such department" and "not yours": the difference would disclose bodies outside the jurisdiction.
    if (!department || !department.active || department.kind !== 'department' || !user.jurisdictionRegionIds.includes(department.regionId)) {
      issues.push({ path: 'departmentId', message: 'not an active department in your jurisdiction' });
    }

    if (terms.frameworkVersionId) {
      const framework = await this.frameworks.findById(terms.frameworkVersionId);
      if (!framework?.publishedAt) issues.push({ path: 'frameworkVersionId', message: 'not a published framework version' });
      else if (terms.scope && framework.scope !== terms.scope) issues.push({ path: 'frameworkVersionId', message: `the framework is for ${framework.scope}, the evaluation for ${terms.scope}` });
    }

    const team = [...(terms.leadUserId ? [terms.leadUserId] : []), ...(terms.memberUserIds ?? [])];
    if (kind === 'self') {
      if (terms.evaluatorOrganisationId) issues.push({ path: 'evaluatorOrganisationId', message: 'a self-evaluation has no evaluation team' });
      if (team.length > 0) issues.push({ path: 'leadUserId', message: 'a self-evaluation has no evaluation team' });
    } else if (terms.evaluatorOrganisationId) {
      const evaluator = await organisationStanding(runner, terms.evaluatorOrganisationId);
      if (!evaluator?.active || (evaluator.kind !== 'evaluation_firm' && evaluator.kind !== 'finance_bureau')) {
        issues.push({ path: 'evaluatorOrganisationId', message: 'not an active evaluation firm or finance bureau' });
      }
      const members = await teamCandidates(runner, team);
      const byId = new Map(members.map((m) => [m.id, m]));
      const checkMember = (userId: string, path: string, role: 'evaluation_lead' | 'evaluator') => {
        const member = byId.get(userId);
        if (!member?.active || member.organisationId !== terms.evaluatorOrganisationId) issues.push({ path, message: 'not an active user of the evaluation organisation' });
        else if (!member.roles.includes(role) && !(role === 'evaluator' && member.roles.includes('evaluation_lead'))) issues.push({ path, message: `does not hold the ${role} role` });
      };
      if (terms.leadUserId) checkMember(terms.leadUserId, 'leadUserId', 'evaluation_lead');
      (terms.memberUserIds ?? []).forEach((userId, index) => checkMember(userId, `memberUserIds.${index}`, 'evaluator'));
    } else if (team.length > 0) {
      issues.push({ path: 'evaluatorOrganisationId', message: 'name the organisation of the evaluation team' });
    }
    if (issues.length > 0) throw new DomainError('RULE_VIOLATION', 'The terms of the evaluation do not fit', issues);
  }
}

export function toDto(evaluation: EvaluationRecord): EvaluationDto {
  const definition: AnyWorkflowDefinition = lifecycleOf(evaluation.kind);
  const deadlines = evaluation.deadlines.map((deadline) => deadlineView(deadline, evaluation.today));
  const running = currentDeadline(evaluation);
  return {
    id: evaluation.id,
    reference: evaluation.reference,
    kind: evaluation.kind,
    scope: evaluation.scope,
    title: evaluation.title,
    projectName: evaluation.projectName,
    fiscalYear: evaluation.fiscalYear,
    state: evaluation.state,
    stateLabel: stateLabel(definition, evaluation.state),
    terminal: definition.terminal.includes(evaluation.state),
    version: evaluation.version,
    department: { id: evaluation.departmentId, name: evaluation.departmentName },
    commissioningOrganisation: { id: evaluation.commissioningOrganisationId, name: evaluation.commissioningOrganisationName },
    evaluatorOrganisation: evaluation.evaluatorOrganisationId ? { id: evaluation.evaluatorOrganisationId, name: evaluation.evaluatorOrganisationName! } : null,
    frameworkVersion: evaluation.frameworkVersionId
      ? { id: evaluation.frameworkVersionId, name: evaluation.frameworkName!, version: evaluation.frameworkVersion! }
      : null,
    legalBasis: evaluation.legalBasis,
    reportNumber: evaluation.reportNumber,
    reviewOpinion: evaluation.reviewOpinion,
    rating: evaluation.rating,
    team: evaluation.team,
    deadlines,
    currentDeadline: running ? deadlineView(running, evaluation.today) : null,
    overdue: deadlines.some((deadline) => deadline.overdue),
    createdAt: evaluation.createdAt,
    updatedAt: evaluation.updatedAt,
    stateChangedAt: evaluation.stateChangedAt,
  };
}

/** One inbox row as the web shows it: the labels of every party of the caller's on the record, once each, in the definition's order. */
function toTaskDto(row: InboxRow): TaskDto {
  const definition = definitionFor(row.subjectType, row.kind);
  const actionOrder = (action: string) => definition.transitions.findIndex((t) => t.action === action);
  const actions = new Map<string, TaskDto['actions'][number]>();
  const work = new Map<string, TaskDto['work'][number]>();
  for (const labels of row.labels) {
    for (const action of labels.actions) actions.set(action.action, { action: action.action, label: action.label });
    for (const label of labels.work) work.set(label.zh, label);
  }
  const workOrder = (definition.states.find((s) => s.id === row.state)?.work ?? []).map((w) => w.label.zh);
  return {
    evaluationId: row.evaluationId,
    reference: row.reference,
    title: row.title,
    kind: row.kind,
    fiscalYear: row.fiscalYear,
    department: { id: row.departmentId, name: row.departmentName },
    state: row.state,
    stateLabel: stateLabel(definition, row.state),
    actions: [...actions.values()].sort((a, b) => actionOrder(a.action) - actionOrder(b.action)),
    work: [...work.values()].sort((a, b) => workOrder.indexOf(a.zh) - workOrder.indexOf(b.zh)),
    dueOn: row.dueOn,
    overdue: row.overdue,
    dueSoon: row.dueSoon,
    waitingSince: row.waitingSince,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    subjectTitle: row.subjectTitle,
    link: subjectPath(row.subjectType, row.subjectId, row.evaluationId),
  };
}
