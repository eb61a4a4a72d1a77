import { Injectable } from '@nestjs/common';
import { itemEvaluationOf } from '../workflow/engine/evaluation-context.sql';
import { DomainError, type AppAbility, type FieldIssue, type RectificationItemDto, type UpdateRectificationItemInput } from '@evalflow/domain';
import { DEPARTMENT, RECTIFICATION_ITEM, checkPermits } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { versionConflict } from '../../common/version-conflict';
import { EvaluationRepository } from '../evaluations/evaluation.repository';
import { evaluationSubject } from '../evaluations/evaluation-lifecycle';
import { assertCan } from '../../authz/record-access';
import { actorFor, stateLabel } from '../workflow/engine/workflow-runner.service';
import { WorkflowEffectsRepository, planReminders } from '../workflow/engine/workflow-effects.repository';
import { OutboxRepository } from '../workflow/outbox.repository';
import { OutboxRelay } from '../workflow/outbox-relay.service';
import { asRectificationAggregate, assertItemReadable } from './rectification-item.adapter';
import { RectificationItemRepository, type RectificationItemRow } from './rectification-item.repository';

/** States in which the department still writes the item: not while the verifier looks, not once it is closed. */
const EDITABLE_STATES = ['open', 'plan_submitted', 'in_progress', 'returned', 'partly_rectified'];

/** 整改事项: the list of an evaluation, one item, and what the department writes on it. */
@Injectable()
export class RectificationItemsService {
  constructor(
    private readonly items: RectificationItemRepository,
    private readonly evaluations: EvaluationRepository,
    private readonly effects: WorkflowEffectsRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async listForEvaluation(ability: AppAbility, evaluationId: string): Promise<RectificationItemDto[]> {
    const evaluation = await this.evaluations.findById(evaluationId);
    if (!evaluation) throw new DomainError('NOT_FOUND', 'Evaluation not found');
    assertCan(ability, 'read', 'Evaluation', evaluationSubject(evaluation));
    return (await this.items.listForEvaluation(evaluationId)).map(toDto);
  }

  async get(ability: AppAbility, id: string): Promise<RectificationItemDto> {
    return toDto(await this.loadReadable(ability, id));
  }

  /**
   * The department's measures, responsible unit and person, due date and evidence. Only the evaluated department,
   * only while the item is its to work on; the responsible person is one of the department's active users; the due
   * date follows dueDateIssues (inside the commission's period; after 部分整改 any later date). All or nothing,
   * version-checked.
   */
  async update(user: AuthenticatedUser, ability: AppAbility, id: string, input: UpdateRectificationItemInput): Promise<RectificationItemDto> {
    const { expectedVersion, ...plan } = input;
    await this.items.db.transaction(async (manager) => {
      const row = await this.items.findById(manager, id, true);
      if (!row) throw new DomainError('NOT_FOUND', '整改事项不存在');
      assertItemReadable(ability, row);
      const refusal = checkPermits([DEPARTMENT], actorFor(user, asRectificationAggregate(row)));
      if (refusal) throw new DomainError('FORBIDDEN', '只有被评价部门可以填写整改措施和进展');
      if (!EDITABLE_STATES.includes(row.state)) throw new DomainError('CONFLICT', `整改事项${stateLabel(RECTIFICATION_ITEM, row.state).zh}，不能再修改`);
      if (row.version !== expectedVersion) throw versionConflict(row.version);
      await this.checkPlan(row, plan);
      if (!(await this.items.updatePlan(manager, id, expectedVersion, plan, user.id))) throw versionConflict(undefined);
      // The 整改时限 is the item's rectification deadline: it starts with the plan (submit_plan), moves with the date.
      if (plan.dueOn) {
        const running = await this.effects.setItemDeadline(manager, 'rectification_item', id, 'rectification_due', plan.dueOn, 'pending');
        if (running) await this.outbox.write(manager, [planReminders('rectification_item', id, running)]);
      }
    });
    this.relay.kick();
    return toDto((await this.items.findById(this.items.db, id))!);
  }

  private async loadReadable(ability: AppAbility, id: string): Promise<RectificationItemRow> {
    const row = await this.items.findById(this.items.db, id);
    if (!row) throw new DomainError('NOT_FOUND', '整改事项不存在');
    assertItemReadable(ability, row);
    return row;
  }

  private async checkPlan(row: RectificationItemRow, plan: Omit<UpdateRectificationItemInput, 'expectedVersion'>): Promise<void> {
    const issues: FieldIssue[] = [];
    if (plan.ownerUserId && !(await this.items.isActiveUserOf(plan.ownerUserId, row.departmentId))) {
      issues.push({ path: 'ownerUserId', message: '责任人须为本部门在职用户' });
    }
    if (plan.dueOn) issues.push(...(await this.dueDateIssues(row, plan.dueOn)));
    if (issues.length) throw new DomainError('RULE_VIOLATION', '整改事项的内容不符合要求', issues);
  }

  /**
   * The 整改时限 rule. The commission set the period every item must be rectified in (e.g. 30 days from the report):
   * a date stays inside it, from today on. A period already over when the date is set (a late approval) bounds
   * nothing, as for the plan deadline (openRectificationItems). After 部分整改 the verifier found the work unfinished,
   * so the department sets a new date for what remains: any date after today, past the period if need be — else an
   * item partly rectified near or after the period's end could never be given one.
   */
  private async dueDateIssues(row: RectificationItemRow, dueOn: string): Promise<FieldIssue[]> {
    const today = await this.evaluations.today();
    if (row.state === 'partly_rectified') return dueOn > today ? [] : [{ path: 'dueOn', message: '部分整改后的新整改时限须晚于今天' }];
    if (dueOn < today) return [{ path: 'dueOn', message: '整改时限不能早于今天' }];
    const periodEnd = await this.items.rectificationPeriodEnd(row.evaluationId);
    return periodEnd && periodEnd >= today && dueOn > periodEnd ? [{ path: 'dueOn', message: `整改时限不能晚于整改期限 ${periodEnd}` }] : [];
  }
}

export function toDto(row: RectificationItemRow): RectificationItemDto {
  return {
    id: row.id,
    state: row.state,
    stateLabel: stateLabel(RECTIFICATION_ITEM, row.state),
    terminal: RECTIFICATION_ITEM.terminal.includes(row.state as never),
    version: row.version,
    evaluation: itemEvaluationOf(row),
    finding: { id: row.findingId, seq: row.findingSeq, title: row.findingTitle, category: row.findingCategory },
    measures: row.measures,
    responsibleUnit: row.responsibleUnit,
    owner: row.ownerUserId ? { id: row.ownerUserId, displayName: row.ownerName ?? '' } : null,
    dueOn: row.dueOn,
    evidenceNote: row.evidenceNote,
    stateChangedAt: row.stateChangedAt,
    updatedAt: row.updatedAt,
  };
}
