import { Injectable } from '@nestjs/common';
import {
  asSubject,
  DomainError,
  formatReportNumber,
  reportNumberYear,
  type AppAbility,
  type PublicationDto,
  type PublishReportInput,
  type ReportNumberingDto,
  type SetReportNumberingInput,
  type WithdrawPublicationInput,
} from '@evalflow/domain';
import { BUREAU_FINANCE_ADMIN, checkPermits, PUBLISHABLE_STATES, PUBLISH_REPORT, WITHDRAW_PUBLICATION } from '@evalflow/workflow';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { assertCan } from '../../authz/record-access';
import { versionConflict } from '../../common/version-conflict';
import type { Queryable } from '../../infrastructure/database/queryable';
import { asEvaluationAggregate, evaluationSubject } from '../evaluations/evaluation-lifecycle';
import { EvaluationRepository, type EvaluationRecord } from '../evaluations/evaluation.repository';
import { actorFor } from '../workflow/engine/workflow-runner.service';
import { WorkflowHistoryRepository } from '../workflow/workflow-history.repository';
import { PublicationRepository, type PublicationRow } from './publication.repository';

const NOT_A_BUREAU = '只有财政部门有文号规则';
const ONLY_SECTION_HEAD = '只有委托评价的财政部门绩效科负责人可以公开或撤回评价报告';

/**
 * 文号 series (issue 12 §5) and publication to the public (§6). Numbers themselves are assigned by the engine at final
 * approval (the `assign_report_number` effect); here the bureau's 绩效科负责人 sets the pattern. Publication is a
 * separate, revocable act on an approved final report, recorded in the evaluation's history in its transaction.
 */
@Injectable()
export class PublicationService {
  constructor(
    private readonly repository: PublicationRepository,
    private readonly evaluations: EvaluationRepository,
    private readonly history: WorkflowHistoryRepository,
  ) {}

  private canSetNumbering(user: AuthenticatedUser, ability: AppAbility): boolean {
    // The bureau's own policy, like its frameworks and templates: its section head's (a system administrator may not).
    return user.organisationKind === 'finance_bureau' && ability.can('update', asSubject('Framework', { organisationId: user.organisationId }));
  }

  async numbering(user: AuthenticatedUser, ability: AppAbility, runner: Queryable = this.repository.db): Promise<ReportNumberingDto> {
    if (user.organisationKind !== 'finance_bureau') throw new DomainError('FORBIDDEN', NOT_A_BUREAU);
    const row = (await this.repository.numbering(runner, user.organisationId))!;
    const years = await this.repository.numberingYears(runner, user.organisationId);
    const year = reportNumberYear(new Date());
    const next = (years.find((y) => y.year === year)?.lastValue ?? 0) + 1;
    return {
      issuer: { id: row.issuerId, name: row.issuerName },
      pattern: row.pattern,
      version: row.version,
      example: row.pattern ? formatReportNumber(row.pattern, year, next) : null,
      years,
      canEdit: this.canSetNumbering(user, ability),
    };
  }

  async setNumbering(user: AuthenticatedUser, ability: AppAbility, input: SetReportNumberingInput): Promise<ReportNumberingDto> {
    if (user.organisationKind !== 'finance_bureau') throw new DomainError('FORBIDDEN', NOT_A_BUREAU);
    if (!this.canSetNumbering(user, ability)) throw new DomainError('FORBIDDEN', '只有财政部门绩效科负责人可以设置文号规则');
    return this.repository.db.transaction(async (manager) => {
      if (!(await this.repository.setPattern(manager, user.organisationId, input.pattern, input.expectedVersion, user.id))) {
        throw versionConflict((await this.repository.numbering(manager, user.organisationId))?.version);
      }
      return this.numbering(user, ability, manager);
    });
  }

  async publication(user: AuthenticatedUser, ability: AppAbility, evaluationId: string): Promise<PublicationDto> {
    const evaluation = await this.readable(ability, evaluationId, this.repository.db, false);
    return this.dto(user, evaluation, await this.repository.publication(this.repository.db, evaluationId));
  }

  async publish(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, input: PublishReportInput): Promise<PublicationDto> {
    return this.repository.db.transaction('READ COMMITTED', async (manager) => {
      const evaluation = await this.decidable(user, ability, evaluationId, manager);
      if (evaluation.kind !== 'key' || !PUBLISHABLE_STATES.includes(evaluation.state)) {
        throw new DomainError('RULE_VIOLATION', '正式评价报告尚未审定，不能公开', [{ path: 'evaluationId', message: 'the final report is not approved yet' }]);
      }
      const current = await this.repository.publication(manager, evaluationId);
      if (current?.status === 'published') throw new DomainError('CONFLICT', '评价报告已经公开');
      if ((current?.version ?? 0) !== input.expectedVersion) throw versionConflict(current?.version ?? 0);
      if (!(await this.repository.publish(manager, evaluationId, user.id, input.expectedVersion))) throw versionConflict(undefined);
      await this.record(manager, user, evaluation, PUBLISH_REPORT, null);
      return this.dto(user, evaluation, await this.repository.publication(manager, evaluationId));
    });
  }

  async withdraw(user: AuthenticatedUser, ability: AppAbility, evaluationId: string, input: WithdrawPublicationInput): Promise<PublicationDto> {
    return this.repository.db.transaction('READ COMMITTED', async (manager) => {
      const evaluation = await this.decidable(user, ability, evaluationId, manager);
      const current = await this.repository.publication(manager, evaluationId);
      if (current?.status !== 'published') throw new DomainError('CONFLICT', '评价报告未公开，无需撤回');
      if (current.version !== input.expectedVersion) throw versionConflict(current.version);
      if (!(await this.repository.withdraw(manager, evaluationId, user.id, input.reason, input.expectedVersion))) throw versionConflict(undefined);
      await this.record(manager, user, evaluation, WITHDRAW_PUBLICATION, input.reason);
      return this.dto(user, evaluation, await this.repository.publication(manager, evaluationId));
    });
  }

  /** Loads the evaluation (locked in a transaction: its history's seq and the publication row cannot race). 404 when unreadable. */
  private async readable(ability: AppAbility, id: string, runner: Queryable, lock: boolean): Promise<EvaluationRecord> {
    const evaluation = await this.evaluations.findById(id, runner, lock);
    if (!evaluation) throw new DomainError('NOT_FOUND', 'Evaluation not found');
    assertCan(ability, 'read', 'Evaluation', evaluationSubject(evaluation));
    return evaluation;
  }

  private async decidable(user: AuthenticatedUser, ability: AppAbility, id: string, runner: Queryable): Promise<EvaluationRecord> {
    const evaluation = await this.readable(ability, id, runner, true);
    if (checkPermits([BUREAU_FINANCE_ADMIN], actorFor(user, asEvaluationAggregate(evaluation)))) throw new DomainError('FORBIDDEN', ONLY_SECTION_HEAD);
    return evaluation;
  }

  /** The act in the evaluation's history: an entry that changes no state (the lifecycle's `records`). */
  private async record(runner: Queryable, user: AuthenticatedUser, evaluation: EvaluationRecord, action: string, comment: string | null): Promise<void> {
    await this.history.append(runner, {
      aggregateType: 'evaluation',
      aggregateId: evaluation.id,
      evaluationId: evaluation.id,
      action,
      from: evaluation.state,
      to: evaluation.state,
      actor: user,
      actingRoles: ['finance_admin'],
      comment,
      parameters: {},
      snapshot: null,
    });
  }

  private dto(user: AuthenticatedUser, evaluation: EvaluationRecord, row: PublicationRow | null): PublicationDto {
    return {
      evaluationId: evaluation.id,
      status: row?.status ?? 'unpublished',
      publishedAt: row?.publishedAt ?? null,
      publishedBy: row ? { id: row.publishedById, displayName: row.publishedByName } : null,
      withdrawnAt: row?.withdrawnAt ?? null,
      withdrawnBy: row?.withdrawnById ? { id: row.withdrawnById, displayName: row.withdrawnByName ?? '' } : null,
      withdrawnReason: row?.withdrawnReason ?? null,
      version: row?.version ?? 0,
      approved: evaluation.kind === 'key' && PUBLISHABLE_STATES.includes(evaluation.state),
      canPublish: checkPermits([BUREAU_FINANCE_ADMIN], actorFor(user, asEvaluationAggregate(evaluation))) === undefined,
      publicPath: row?.status === 'published' ? `/public/reports/${evaluation.id}` : null,
    };
  }
}
