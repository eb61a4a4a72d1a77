import { Injectable } from '@nestjs/common';
import {
  DomainError,
  WORKING_PAPER_DETAILS_SCHEMAS,
  WORKING_PAPER_KIND_LABELS,
  satisfactionSummary,
  type AppAbility,
  type CreateWorkingPaperInput,
  type EvaluationActionsDto,
  type HistoryEntryDto,
  type QuestionnaireDetails,
  type TransitionRequest,
  type UpdateWorkingPaperInput,
  type WorkingPaperDto,
} from '@evalflow/domain';
import { ASSIGNED_TEAM, WORKING_PAPER, WORKING_PAPER_EDITABLE_STATES, checkPermits } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { versionConflict } from '../../common/version-conflict';
import type { Queryable } from '../../infrastructure/database/queryable';
import { loadVisibleEvaluation, workflowActor } from '../evaluations/evaluation-lifecycle';
import { EvaluationRepository, type EvaluationRecord } from '../evaluations/evaluation.repository';
import { frameworkNodesOf } from '../frameworks/frameworks.repository';
import { assertItemReadable } from '../rectification/rectification-item.adapter';
import { itemEvaluationOf } from '../workflow/engine/evaluation-context.sql';
import { WorkflowTasksRepository } from '../workflow/engine/workflow-tasks.repository';
import { WorkflowRunner, actorFor, stateLabel } from '../workflow/engine/workflow-runner.service';
import { WORKING_PAPER_WRITING_STATES, asWorkingPaperAggregate } from './working-paper.adapter';
import { WorkingPaperRepository, type WorkingPaperRow } from './working-paper.repository';

/**
 * Who reads working papers besides the assigned team: the commissioning finance bureau and the auditors of the
 * jurisdiction (the evaluation's read rule already limits them to their jurisdiction). The evaluated department does
 * not: working papers are the evaluators' own record, like an auditor's working papers; the department sees the
 * findings and, by title, what they cite.
 */
const READER_ROLES = ['finance_admin', 'finance_officer', 'auditor'] as const;
export const WORKING_PAPERS_HIDDEN_MESSAGE = '工作底稿是评价组的工作记录，只有评价组、委托评价的财政部门和审计部门可以查看';

/** May this user read the working papers of an evaluation they may read? */
export function readsWorkingPapers(user: AuthenticatedUser, relations: readonly string[]): boolean {
  return relations.includes('assigned_member') || user.roles.some((role) => (READER_ROLES as readonly string[]).includes(role));
}

const WRITING_STATE_TEXT = '只有在现场评价至征求意见处理阶段才能编写工作底稿';

/** 工作底稿: the team's working papers of an evaluation, their content and their links to indicators and findings. */
@Injectable()
export class WorkingPapersService {
  constructor(
    private readonly papers: WorkingPaperRepository,
    private readonly evaluations: EvaluationRepository,
    private readonly workflowTasks: WorkflowTasksRepository,
    private readonly runner: WorkflowRunner,
  ) {}

  /* The lifecycle through the engine; the department is refused (403) before the engine's evaluation read check. */

  async transition(user: AuthenticatedUser, ability: AppAbility, id: string, request: TransitionRequest): Promise<WorkingPaperDto> {
    await this.readable(user, ability, this.papers.db, id);
    await this.runner.fire('working_paper', user, ability, id, request);
    return this.get(user, ability, id);
  }

  async actions(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<EvaluationActionsDto> {
    await this.readable(user, ability, this.papers.db, id);
    return this.runner.actions('working_paper', user, ability, id);
  }

  async history(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<HistoryEntryDto[]> {
    await this.readable(user, ability, this.papers.db, id);
    return this.runner.historyOf('working_paper', ability, id);
  }

  async listForEvaluation(user: AuthenticatedUser, ability: AppAbility, evaluationId: string): Promise<WorkingPaperDto[]> {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, evaluationId);
    if (!readsWorkingPapers(user, workflowActor(user, evaluation).relations)) throw new DomainError('FORBIDDEN', WORKING_PAPERS_HIDDEN_MESSAGE);
    return (await this.papers.listForEvaluation(evaluationId)).map(toDto);
  }

  async get(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<WorkingPaperDto> {
    return toDto(await this.readable(user, ability, this.papers.db, id));
  }

  /**
   * The paper if the caller may read it: 404 when they may not read its evaluation, 403 with the plain reason when
   * they may but are no reader of working papers (the evaluated department; the system administrator).
   */
  async readable(user: AuthenticatedUser, ability: AppAbility, runner: Queryable, id: string, lock = false): Promise<WorkingPaperRow> {
    const row = await this.papers.findById(runner, id, lock);
    if (!row) throw new DomainError('NOT_FOUND', '工作底稿不存在');
    assertItemReadable(ability, row);
    if (!readsWorkingPapers(user, actorFor(user, asWorkingPaperAggregate(row)).relations)) throw new DomainError('FORBIDDEN', WORKING_PAPERS_HIDDEN_MESSAGE);
    return row;
  }

  /** Only the assigned team, only while the evaluation is in the writing stages. The paper starts 编制中. */
  async create(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, input: CreateWorkingPaperInput): Promise<WorkingPaperDto> {
    const id = await this.evaluations.db.transaction(async (manager) => {
      // The evaluation's row is locked only to check its stage against concurrent transitions.
      const evaluation = await loadVisibleEvaluation(this.evaluations, ability, evaluationId, { runner: manager, lock: true });
      if (checkPermits([ASSIGNED_TEAM], workflowActor(user, evaluation))) throw new DomainError('FORBIDDEN', '只有本项评价的评价组可以编写工作底稿');
      if (!(WORKING_PAPER_WRITING_STATES as readonly string[]).includes(evaluation.state)) throw new DomainError('CONFLICT', WRITING_STATE_TEXT);
      const indicatorCodes = await this.checkIndicators(manager, evaluation, input.indicatorCodes ?? []);
      await this.checkFindings(manager, evaluation.id, input.findingIds ?? []);
      const created = await this.papers.create(
        manager,
        evaluation.id,
        input.kind,
        { title: input.title, paperDate: input.paperDate, content: input.content ?? null, details: input.details, indicatorCodes },
        user.id,
      );
      await this.papers.setFindings(manager, created, input.findingIds ?? []);
      // 编制中 waits on the team to submit it (我的待办).
      await this.workflowTasks.sync(manager, 'working_paper', created);
      return created;
    });
    return toDto((await this.papers.findById(this.papers.db, id))!);
  }

  /** Changes while 编制中 or 退回修改, by the team, expectedVersion checked; frozen once signed off. */
  async update(user: AuthenticatedUser, ability: AppAbility, id: string, input: UpdateWorkingPaperInput): Promise<WorkingPaperDto> {
    await this.papers.db.transaction(async (manager) => {
      const row = await this.readable(user, ability, manager, id, true);
      if (checkPermits([ASSIGNED_TEAM], actorFor(user, asWorkingPaperAggregate(row)))) throw new DomainError('FORBIDDEN', '只有本项评价的评价组可以修改工作底稿');
      if (!(WORKING_PAPER_EDITABLE_STATES as readonly string[]).includes(row.state)) {
        throw new DomainError('CONFLICT', `该工作底稿${stateLabel(WORKING_PAPER, row.state).zh}，不能修改`, { state: row.state });
      }
      if (!(WORKING_PAPER_WRITING_STATES as readonly string[]).includes(row.evaluationState)) throw new DomainError('CONFLICT', WRITING_STATE_TEXT);
      if (row.version !== input.expectedVersion) throw versionConflict(row.version);
      let details: object | undefined;
      if (input.details !== undefined) {
        const parsed = WORKING_PAPER_DETAILS_SCHEMAS[row.kind].safeParse(input.details);
        if (!parsed.success) {
          throw new DomainError(
            'VALIDATION_FAILED',
            '工作底稿的内容不符合要求',
            parsed.error.issues.map((issue) => ({ path: ['details', ...issue.path].join('.'), message: issue.message })),
          );
        }
        details = parsed.data;
      }
      const evaluation = (await this.evaluations.findById(row.evaluationId, manager))!;
      const indicatorCodes = input.indicatorCodes === undefined ? undefined : await this.checkIndicators(manager, evaluation, input.indicatorCodes);
      if (input.findingIds !== undefined) await this.checkFindings(manager, row.evaluationId, input.findingIds);
      const changed = await this.papers.updateContent(
        manager,
        id,
        input.expectedVersion,
        { title: input.title, paperDate: input.paperDate, content: input.content, details, indicatorCodes },
        user.id,
      );
      if (!changed) throw versionConflict(undefined);
      if (input.findingIds !== undefined) await this.papers.setFindings(manager, id, input.findingIds);
    });
    return toDto((await this.papers.findById(this.papers.db, id))!);
  }

  /** The indicator codes must be of the evaluation's framework (422 naming each one that is not), each once. */
  private async checkIndicators(runner: Queryable, evaluation: EvaluationRecord, codes: readonly string[]): Promise<string[]> {
    if (!codes.length) return [];
    const known = new Set((await frameworkNodesOf(runner, evaluation.frameworkVersionId)).map((node) => node.code));
    const unknown = codes.map((code, index) => ({ code, index })).filter(({ code }) => !known.has(code));
    if (unknown.length) {
      throw new DomainError(
        'RULE_VIOLATION',
        '工作底稿关联的指标不属于本项评价的指标体系',
        unknown.map(({ code, index }) => ({ path: `indicatorCodes.${index}`, message: `指标 ${code} 不在本项评价的指标体系中` })),
      );
    }
    return [...new Set(codes)];
  }

  /** The findings must be the evaluation's own (422 naming each one that is not). */
  private async checkFindings(runner: Queryable, evaluationId: string, findingIds: readonly string[]): Promise<void> {
    const foreign = new Set(await this.papers.foreignFindings(runner, evaluationId, findingIds));
    if (foreign.size) {
      throw new DomainError(
        'RULE_VIOLATION',
        '工作底稿关联的问题不属于本项评价',
        findingIds.flatMap((findingId, index) => (foreign.has(findingId) ? [{ path: `findingIds.${index}`, message: '不是本项评价的问题' }] : [])),
      );
    }
  }
}

export function toDto(row: WorkingPaperRow): WorkingPaperDto {
  return {
    id: row.id,
    state: row.state,
    stateLabel: stateLabel(WORKING_PAPER, row.state),
    terminal: WORKING_PAPER.terminal.includes(row.state as never),
    version: row.version,
    evaluation: itemEvaluationOf(row),
    kind: row.kind,
    kindLabel: WORKING_PAPER_KIND_LABELS[row.kind],
    title: row.title,
    paperDate: row.paperDate,
    content: row.content,
    details: row.details,
    satisfaction: row.kind === 'questionnaire' ? satisfactionSummary((row.details as QuestionnaireDetails).questions ?? []) : null,
    indicatorCodes: row.indicatorCodes,
    findings: row.findings,
    author: { id: row.authorId, displayName: row.authorName },
    signedOffBy: row.signedOffById ? { id: row.signedOffById, displayName: row.signedOffByName ?? '' } : null,
    signedOffAt: row.signedOffAt,
    stateChangedAt: row.stateChangedAt,
    updatedAt: row.updatedAt,
  };
}
