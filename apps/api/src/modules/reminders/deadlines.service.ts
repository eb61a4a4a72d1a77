import { Injectable } from '@nestjs/common';
import { DomainError, type AppAbility, type DeadlineKey, type EvaluationDto, type MoveDeadlineInput } from '@evalflow/domain';
import { assertCan } from '../../authz/record-access';
import { versionConflict } from '../../common/version-conflict';
import { evaluationSubject, lifecycleOf, loadVisibleEvaluation } from '../evaluations/evaluation-lifecycle';
import { EvaluationRepository, type Queryable } from '../evaluations/evaluation.repository';
import { toDto } from '../evaluations/evaluations.service';
import { OutboxRelay } from '../workflow/outbox-relay.service';
import { OutboxRepository } from '../workflow/outbox.repository';
import { planReminders } from '../workflow/engine/workflow-effects.repository';
import { RemindersRepository } from './reminders.repository';

/**
 * Moves a stage deadline of a commissioned evaluation or changes its owner (the commissioning bureau does), in one
 * transaction with the outbox effect that reschedules its reminders: the new version's jobs get new ids, the old
 * ones are cancelled and would skip themselves anyway.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly reminders: RemindersRepository,
  ) {}

  async move(ability: AppAbility, evaluationId: string, key: DeadlineKey, input: MoveDeadlineInput): Promise<EvaluationDto> {
    await this.evaluations.db.transaction('READ COMMITTED', async (manager) => {
      const evaluation = await loadVisibleEvaluation(this.evaluations, ability, evaluationId, { runner: manager, lock: true });
      assertCan(ability, 'update', 'Evaluation', evaluationSubject(evaluation));
      if (lifecycleOf(evaluation.kind).terminal.includes(evaluation.state)) throw new DomainError('CONFLICT', 'The evaluation has ended; its deadlines no longer move', { state: evaluation.state });
      const deadline = evaluation.deadlines.find((candidate) => candidate.key === key);
      if (!deadline) throw new DomainError('NOT_FOUND', `The evaluation has no ${key} deadline`);
      if (deadline.status === 'done') throw new DomainError('CONFLICT', 'This stage has ended; its deadline no longer moves', { status: deadline.status });
      if (deadline.version !== input.expectedVersion) throw versionConflict(deadline.version);
      const setting = input.setting;
      if (typeof setting !== 'string' && setting.ownerUserId) await this.checkOwner(manager, evaluation.id, setting.ownerUserId);
      // N days "from the stage start" count from the day the stage started, once it has.
      const start = deadline.startedOn ?? (await this.evaluations.today(manager));
      const [changed] = await this.evaluations.upsertDeadlines(manager, evaluation.id, { [key]: setting }, start);
      if (changed.status === 'active' && changed.version !== deadline.version) {
        await this.outbox.write(manager, [planReminders('evaluation', evaluation.id, { id: changed.id, version: changed.version, status: 'active' })]);
      }
    });
    this.relay.kick();
    return toDto((await this.evaluations.findById(evaluationId))!);
  }

  /** An explicit owner must be an active person of the evaluation: its department, its team or the bureau. */
  private async checkOwner(runner: Queryable, evaluationId: string, userId: string): Promise<void> {
    if (!(await this.reminders.isPartyOf(runner, evaluationId, userId))) throw new DomainError('RULE_VIOLATION', 'The owner does not fit', [{ path: 'setting.ownerUserId', message: 'not an active user of the department, the team or the bureau' }]);
  }
}
