import { Injectable } from '@nestjs/common';
import type { AppAbility, TransitionRequest } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { EvaluationRepository, type EvaluationRecord } from './evaluation.repository';

/**
 * Fires one lifecycle action on an evaluation: the engine does the work (WorkflowRunner, one transaction with the
 * evaluation's row lock); this answers with the evaluation as the evaluation routes show it.
 */
@Injectable()
export class EvaluationTransitionsService {
  constructor(
    private readonly runner: WorkflowRunner,
    private readonly evaluations: EvaluationRepository,
  ) {}

  async fire(user: AuthenticatedUser, ability: AppAbility, id: string, request: TransitionRequest): Promise<{ evaluation: EvaluationRecord; historyId: string }> {
    const { historyId } = await this.runner.fire('evaluation', user, ability, id, request);
    return { evaluation: (await this.evaluations.findById(id))!, historyId };
  }
}
