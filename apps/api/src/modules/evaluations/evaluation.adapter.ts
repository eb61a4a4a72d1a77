import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppAbility } from '@evalflow/domain';
import { assertCan } from '../../authz/record-access';
import type { Queryable } from '../../infrastructure/database/queryable';
import type { AggregateAdapter, SnapshotContext } from '../workflow/engine/aggregate-adapter';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { computeEvaluationFacts } from './evaluation-facts';
import { asEvaluationAggregate, evaluationSubject, lifecycleOf, type EvaluationAggregate } from './evaluation-lifecycle';
import { EvaluationRepository } from './evaluation.repository';
import { EvaluationSnapshots } from './evaluation-snapshots';

/** The evaluation lifecycles (key and self) in the engine. */
@Injectable()
export class EvaluationAdapter implements AggregateAdapter<EvaluationAggregate>, OnModuleInit {
  readonly type = 'evaluation' as const;
  readonly notFoundMessage = 'Evaluation not found';

  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly snapshots: EvaluationSnapshots,
    private readonly runner: WorkflowRunner,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  definitionOf(record: EvaluationAggregate) {
    return lifecycleOf(record.kind);
  }

  async load(runner: Queryable, id: string, options: { lock: boolean }): Promise<EvaluationAggregate | null> {
    // The evaluation's row only (FOR NO KEY UPDATE): its items have rows of their own.
    const evaluation = await this.evaluations.findById(id, runner, options.lock);
    return evaluation ? asEvaluationAggregate(evaluation) : null;
  }

  assertReadable(ability: AppAbility, record: EvaluationAggregate): void {
    assertCan(ability, 'read', 'Evaluation', evaluationSubject(record));
  }

  facts(runner: Queryable, record: EvaluationAggregate) {
    return computeEvaluationFacts(runner, record.id, record.kind);
  }

  writeState(runner: Queryable, record: EvaluationAggregate, next: string, parameters: Readonly<Record<string, string>>): Promise<boolean> {
    return this.evaluations.setState(runner, record.id, record.version, next, { rating: parameters.rating });
  }

  snapshot(runner: Queryable, record: EvaluationAggregate, context: SnapshotContext = {}): Promise<unknown> {
    // What was approved is the evaluation itself, not the engine's view of it — with the rating this step gives (a
    // self-evaluation's `rate`: writeState stores it only after the snapshot, and the 自评报告 prints it).
    const { evaluationId: _evaluationId, relationContext: _relations, ...evaluation } = record;
    return this.snapshots.capture(runner, { ...evaluation, rating: context.parameters?.rating ?? evaluation.rating });
  }

}
