import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppAbility } from '@evalflow/domain';
import { RECTIFICATION_ITEM } from '@evalflow/workflow';
import { assertCan } from '../../authz/record-access';
import type { Queryable } from '../../infrastructure/database/queryable';
import type { AggregateAdapter, AggregateRecord } from '../workflow/engine/aggregate-adapter';
import type { EvaluationContextRow } from '../workflow/engine/evaluation-context.sql';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { RectificationItemRepository, type RectificationItemRow } from './rectification-item.repository';

export type RectificationItemAggregate = RectificationItemRow & AggregateRecord;

/** The relation context of any item: its evaluation's parties, and the item's owner. */
export function itemRelationContext(row: EvaluationContextRow, itemOwnerUserId: string | null): AggregateRecord['relationContext'] {
  return {
    evaluationId: row.evaluationId,
    commissioningOrganisationId: row.commissioningOrganisationId,
    departmentId: row.departmentId,
    departmentRegionId: row.departmentRegionId,
    team: row.team,
    itemOwnerUserId,
  };
}

/** An item may be read by whoever may read its evaluation (the department, the team, the bureau, auditors). */
export function assertItemReadable(ability: AppAbility, row: EvaluationContextRow): void {
  assertCan(ability, 'read', 'Evaluation', {
    id: row.evaluationId,
    commissioningOrganisationId: row.commissioningOrganisationId,
    departmentId: row.departmentId,
    departmentRegionId: row.departmentRegionId,
    teamUserIds: row.team.map((member) => member.userId),
    commissioned: row.evaluationState !== 'draft',
  });
}

export const asRectificationAggregate = (row: RectificationItemRow): RectificationItemAggregate => ({
  ...row,
  relationContext: itemRelationContext(row, row.ownerUserId),
});

/** The rectification-item lifecycle (整改事项) in the engine: its own row is locked, never its evaluation's. */
@Injectable()
export class RectificationItemAdapter implements AggregateAdapter<RectificationItemAggregate>, OnModuleInit {
  readonly type = 'rectification_item' as const;
  readonly notFoundMessage = '整改事项不存在';

  constructor(
    private readonly items: RectificationItemRepository,
    private readonly runner: WorkflowRunner,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  definitionOf() {
    return RECTIFICATION_ITEM;
  }

  async load(runner: Queryable, id: string, options: { lock: boolean }): Promise<RectificationItemAggregate | null> {
    const row = await this.items.findById(runner, id, options.lock);
    return row ? asRectificationAggregate(row) : null;
  }

  assertReadable(ability: AppAbility, record: RectificationItemAggregate): void {
    assertItemReadable(ability, record);
  }

  facts(runner: Queryable, record: RectificationItemAggregate) {
    // Only a verified item can be reopened, and only a reopen reads the evaluation's state in earnest.
    return this.items.facts(runner, record.id, { lockEvaluation: record.state === 'verified' });
  }

  writeState(runner: Queryable, record: RectificationItemAggregate, next: string): Promise<boolean> {
    return this.items.setState(runner, record.id, record.version, next);
  }

  /** What the verifier accepted: the item's measures, owner, date and evidence as they stood. */
  async snapshot(_runner: Queryable, record: RectificationItemAggregate): Promise<unknown> {
    const { relationContext: _relations, team: _team, ...item } = record;
    return { rectificationItem: item };
  }

}
