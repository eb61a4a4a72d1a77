import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppAbility } from '@evalflow/domain';
import { WORKING_PAPER } from '@evalflow/workflow';
import type { Queryable } from '../../infrastructure/database/queryable';
import type { AggregateAdapter, AggregateRecord } from '../workflow/engine/aggregate-adapter';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { assertItemReadable, itemRelationContext } from '../rectification/rectification-item.adapter';
import { WorkingPaperRepository, type WorkingPaperRow } from './working-paper.repository';

export type WorkingPaperAggregate = WorkingPaperRow & AggregateRecord;

export const asWorkingPaperAggregate = (row: WorkingPaperRow): WorkingPaperAggregate => ({ ...row, relationContext: itemRelationContext(row, null) });

/**
 * The evaluation states in which the team writes working papers: fieldwork and while the report is drafted,
 * commented on and adjudicated (a re-check against the department's answer is a working paper too); from the final
 * review on the papers are the record.
 */
export const WORKING_PAPER_WRITING_STATES = ['fieldwork', 'draft_review', 'draft_for_comment', 'adjudication'] as const;

/**
 * The working-paper lifecycle (工作底稿复核) in the engine: its own row is locked, never its evaluation's. The read
 * check here is the evaluation's; the service adds that the evaluated department never reads working papers (the
 * routes check it before they call the runner, since the engine's read check does not know the user).
 */
@Injectable()
export class WorkingPaperAdapter implements AggregateAdapter<WorkingPaperAggregate>, OnModuleInit {
  readonly type = 'working_paper' as const;
  readonly notFoundMessage = '工作底稿不存在';

  constructor(
    private readonly papers: WorkingPaperRepository,
    private readonly runner: WorkflowRunner,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  definitionOf() {
    return WORKING_PAPER;
  }

  async load(runner: Queryable, id: string, options: { lock: boolean }): Promise<WorkingPaperAggregate | null> {
    const row = await this.papers.findById(runner, id, options.lock);
    return row ? asWorkingPaperAggregate(row) : null;
  }

  assertReadable(ability: AppAbility, record: WorkingPaperAggregate): void {
    assertItemReadable(ability, record);
  }

  facts(runner: Queryable, record: WorkingPaperAggregate) {
    return this.papers.facts(runner, record.id, WORKING_PAPER_WRITING_STATES);
  }

  writeState(runner: Queryable, record: WorkingPaperAggregate, next: string): Promise<boolean> {
    return this.papers.setState(runner, record.id, record.version, next);
  }

  async snapshot(_runner: Queryable, record: WorkingPaperAggregate): Promise<unknown> {
    const { relationContext: _relations, team: _team, ...paper } = record;
    return { workingPaper: paper };
  }
}
