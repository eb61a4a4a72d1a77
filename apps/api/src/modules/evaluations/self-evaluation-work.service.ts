import { Injectable } from '@nestjs/common';
import { NARRATIVE_SECTIONS, type AppAbility, type SaveSelfEvaluationInput } from '@evalflow/domain';
import { DEPARTMENT, DEPARTMENT_STAFF, WORK_NOTICES, failingGuards } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { OutboxRelay } from '../workflow/outbox-relay.service';
import { OutboxRepository } from '../workflow/outbox.repository';
import { refusalError } from '../workflow/refusal';
import { assertEntriesFitFramework, writeEntryPart } from './entry-versions';
import { computeEvaluationFacts } from './evaluation-facts';
import { lifecycleOf, loadVisibleEvaluation } from './evaluation-lifecycle';
import { EvaluationRepository } from './evaluation.repository';
import { writeSelfParts } from './indicator-entry.repository';
import { saveSelfEvaluationReport, selfEvaluationReport } from './self-evaluation-report.repository';
import { stage, withStageWork, writeWorkNotice } from './stage-work';

const SELF_EVALUATION_FORM = stage('fill the self-evaluation', ['self_evaluation'], [DEPARTMENT]);
/** Staff hand the filled self-evaluation to the head, who alone approves and submits it. */
const HAND_OVER = stage('hand the self-evaluation to the head', ['self_evaluation'], [DEPARTMENT_STAFF]);

/** 自评: the department's self-evaluation form (its part of the indicator entries) and report, and handing it to the head. */
@Injectable()
export class SelfEvaluationWorkService {
  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async selfEvaluationReport(ability: AppAbility, id: string) {
    const evaluation = await loadVisibleEvaluation(this.evaluations, ability, id);
    const row = await selfEvaluationReport(this.evaluations.db, evaluation.id);
    return {
      narrative: row?.narrative ?? {},
      // bigint as a JSON number: fen amounts of a department budget stay far below 2^53.
      budgetFen: row?.budgetFen != null ? Number(row.budgetFen) : null,
      spentFen: row?.spentFen != null ? Number(row.spentFen) : null,
      sections: NARRATIVE_SECTIONS,
      updatedAt: row?.updatedAt ? new Date(row.updatedAt).toISOString() : null,
    };
  }

  /**
   * 自评表 + 自评报告: saves what is given (a partial save is normal while the department works on it). Each indicator
   * entry is version-checked on its own, so two people of the department filling different lines do not collide.
   */
  async saveSelfEvaluation(user: AuthenticatedUser, ability: AppAbility, id: string, input: SaveSelfEvaluationInput) {
    await withStageWork(this.evaluations, user, ability, id, SELF_EVALUATION_FORM, async (runner, evaluation) => {
      if (input.indicators?.length) {
        const points = input.indicators.map((entry) => ({ code: entry.code, points: entry.selfScore }));
        await assertEntriesFitFramework(runner, evaluation, points, { list: 'indicators', points: 'selfScore' }, 'Some indicator entries do not fit the framework');
        const writes = input.indicators.map((e) => ({
          code: e.code,
          target: e.target ?? null,
          actual: e.actual ?? null,
          selfScore: e.selfScore ?? null,
          deviationReason: e.deviationReason ?? null,
          expectedVersion: e.expectedVersion ?? 0,
        }));
        await writeEntryPart(runner, evaluation, 'self', writes, () => writeSelfParts(runner, evaluation.id, user.id, writes));
      }
      if (input.narrative !== undefined || input.budgetFen !== undefined || input.spentFen !== undefined) {
        await saveSelfEvaluationReport(runner, evaluation.id, { narrative: input.narrative, budgetFen: input.budgetFen, spentFen: input.spentFen }, user.id);
      }
    });
    return this.selfEvaluationReport(ability, id);
  }

  /**
   * 提请负责人审核: department staff fill the form, but only the head approves and submits it (the submission is the
   * approval, see libs/workflow). Staff hand it over when it is complete — the submission's own guards, so the head
   * is not called to a form that cannot go yet (422 GUARD_FAILED with every missing part) — and the heads are told.
   */
  async handOverSelfEvaluation(user: AuthenticatedUser, ability: AppAbility, id: string): Promise<{ notified: true }> {
    await withStageWork(this.evaluations, user, ability, id, HAND_OVER, async (runner, evaluation) => {
      const definition = lifecycleOf(evaluation.kind);
      const submission = definition.transitions.find((transition) => transition.action === 'submit_self_evaluation');
      const facts = await computeEvaluationFacts(runner, evaluation.id, evaluation.kind);
      const failed = failingGuards(definition.guards, submission?.guards ?? [], facts);
      if (failed.length > 0) throw refusalError(definition, { kind: 'guard_failed', failed });
      await writeWorkNotice(this.outbox, runner, evaluation, user, 'self_evaluation_ready', `${WORK_NOTICES.self_evaluation_ready.label.zh}（请在“自评报告”中审核后报送）`);
    });
    this.relay.kick();
    return { notified: true };
  }
}
