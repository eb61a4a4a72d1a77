import { Injectable } from '@nestjs/common';
import { DomainError, type AppAbility, type DeadlineKey, type EvaluationDto, type MoveDeadlineInput } from '@evalflow/domain';
import { assertCan } from '../../authz/record-access';
import { versionConflict } from '../../common/version-conflict';
import { evaluationSubject, lifecycleOf, loadVisibleEvaluation } from '../evaluations/evaluation-lifecycle';
import { EvaluationRepository, type Queryable } from '../evaluations/evaluation.repository';
import { toDto } from '../evaluations/evaluations.service';
import { OutboxRelay } from '../workflow/outbox-relay.service';
import { OutboxRepository } from '../workflow/outbox.repository';

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
        await this.outbox.write(manager, [
          {
            aggregateType: 'evaluation',
            aggregateId: evaluation.id,
            historyId: null,
            effect: { type: 'plan_reminders', deadlineId: changed.id, version: changed.version, reason: 'changed' },
            appliedInTransaction: false,
          },
        ]);
      }
    });
    this.relay.kick();
    return toDto((await this.evaluations.findById(evaluationId))!);
  }

  /** An explicit owner must be an active person of the evaluation: its department, its team or the bureau. */
  private async checkOwner(runner: Queryable, evaluationId: string, userId: string): Promise<void> {
    const [row] = await runner.query(
      `SELECT 1 FROM users u JOIN organisations o ON o.id = u.organisation_id, evaluations e
       WHERE e.id = $1 AND u.id = $2 AND u.active AND o.active AND (u.organisation_id IN (e.department_id, e.commissioning_organisation_id)
         OR EXISTS (SELECT 1 FROM evaluation_team_members t WHERE t.evaluation_id = e.id AND t.user_id = u.id))`,
      [evaluationId, userId],
    );
    if (!row) throw new DomainError('RULE_VIOLATION', 'The owner does not fit', [{ path: 'setting.ownerUserId', message: 'not an active user of the department, the team or the bureau' }]);
  }
}
