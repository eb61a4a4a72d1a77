import { Inject, Injectable } from '@nestjs/common';
import { computeDueDate, formatReportNumber, type DeadlineDefinition, type DeadlineKey } from '@evalflow/domain';
import { APP_CONFIG, type AppConfig } from '../../../config/config.schema';
import { TODAY_SQL, type Queryable } from '../../../infrastructure/database/queryable';
import type { AggregateType } from '../workflow-history.repository';
import { WorkflowTasksRepository } from './workflow-tasks.repository';

export interface DeadlineChange {
  id: string;
  version: number;
  status: 'active' | 'done';
}

/** The outbox row that has a running deadline's reminders planned after commit (no history entry: not a transition). */
export function planReminders(type: AggregateType, id: string, deadline: DeadlineChange & { started?: boolean }) {
  // A deadline that starts now gets its "on start" reminder; a moved one only the points still ahead.
  const reason = deadline.started ? ('activated' as const) : ('changed' as const);
  return { aggregateType: type, aggregateId: id, historyId: null, effect: { type: 'plan_reminders' as const, deadlineId: deadline.id, version: deadline.version, reason }, appliedInTransaction: false };
}

/** How a finding the department left unanswered when the comment period ran out is recorded (answered_by NULL). */
export const NO_OBJECTION_TEXT = '逾期未反馈，视为无异议';

/** The SQL of the effects a transition carries out in its own transaction (the handlers decide when). */
@Injectable()
export class WorkflowEffectsRepository {
  constructor(
    private readonly tasks: WorkflowTasksRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'RECTIFICATION_PLAN_DAYS'>,
  ) {}

  /**
   * Starts or ends a deadline of any record. Starting one counted "N days from the stage start" dates it from
   * today; every change bumps the deadline's version, so reminders planned for the old version are void.
   */
  async setDeadlineStatus(runner: Queryable, subjectType: AggregateType, subjectId: string, key: DeadlineKey, status: 'active' | 'done'): Promise<DeadlineChange | null> {
    // pg answers an UPDATE with [rows, count].
    if (status === 'done') {
      const [rows] = await runner.query(
        `UPDATE deadlines SET status = 'done', updated_at = now() WHERE subject_type = $1 AND subject_id = $2 AND key = $3 RETURNING id, version, status`,
        [subjectType, subjectId, key],
      );
      return rows[0] ?? null;
    }
    const [current] = await runner.query(
      `SELECT id, definition, to_char(${TODAY_SQL}, 'YYYY-MM-DD') AS today FROM deadlines WHERE subject_type = $1 AND subject_id = $2 AND key = $3 FOR UPDATE`,
      [subjectType, subjectId, key],
    );
    if (!current) return null;
    const definition = current.definition as DeadlineDefinition;
    const fromStageStart = 'days' in definition && definition.from === null ? computeDueDate(definition, current.today) : null;
    const [rows] = await runner.query(
      `UPDATE deadlines SET status = 'active', started_on = $2::date, version = version + 1, updated_at = now(),
         due_on = COALESCE($3::date, due_on), beyond_calendar = COALESCE($4::boolean, beyond_calendar)
       WHERE id = $1 RETURNING id, version, status`,
      [current.id, current.today, fromStageStart?.date ?? null, fromStageStart?.beyondCalendar ?? null],
    );
    return rows[0];
  }

  /**
   * One rectification item per finding still standing after adjudication (DOMAIN §2.6); re-running opens nothing
   * twice. Each new item's plan deadline (整改措施报送期限) starts at once: the commission's rectification deadline
   * when it set one still ahead, else the RECTIFICATION_PLAN_DAYS setting's calendar days from today (30 by default,
   * the provincial rule). Returns the deadlines started.
   */
  async openRectificationItems(runner: Queryable, evaluationId: string): Promise<DeadlineChange[]> {
    const [opened]: [{ id: string }[]] = [
      await runner.query(
        `INSERT INTO rectification_items (evaluation_id, finding_id)
         SELECT evaluation_id, id FROM findings WHERE evaluation_id = $1 AND adjudication IS DISTINCT FROM 'withdrawn'
         ON CONFLICT (finding_id) DO NOTHING RETURNING id`,
        [evaluationId],
      ),
    ];
    // Each new item waits on the department for its plan (我的待办).
    await this.tasks.sync(runner, 'rectification_item', opened.map((item) => item.id));
    if (opened.length === 0) return [];
    return runner.query(
      `INSERT INTO deadlines (subject_type, subject_id, key, kind, definition, due_on, status, started_on, owner_party)
       SELECT 'rectification_item', item.id, 'rectification_plan', 'calendar', jsonb_build_object('kind', 'calendar', 'date', to_char(due.on, 'YYYY-MM-DD')),
         due.on, 'active', ${TODAY_SQL}, 'department'
       FROM unnest($2::uuid[]) AS item(id),
         LATERAL (SELECT COALESCE((SELECT due_on FROM deadlines WHERE subject_type = 'evaluation' AND subject_id = $1 AND key = 'rectification' AND due_on >= ${TODAY_SQL}),
           ${TODAY_SQL} + $3::int) AS on) due
       RETURNING id, version, status`,
      [evaluationId, opened.map((item) => item.id), this.config.RECTIFICATION_PLAN_DAYS],
    );
  }

  /**
   * A date the record itself carries (a document request's 提供期限, a rectification item's 整改时限) as its deadline
   * `key`: created pending, or moved (a new version, so reminders planned for the old date are void). Returns the
   * deadline when it is running, whose reminders must then be planned again.
   */
  async setItemDeadline(
    runner: Queryable,
    subjectType: AggregateType,
    subjectId: string,
    key: DeadlineKey,
    dueOn: string,
    status: 'pending' | 'active',
  ): Promise<(DeadlineChange & { started: boolean }) | null> {
    const [row] = await runner.query(
      `INSERT INTO deadlines (subject_type, subject_id, key, kind, definition, due_on, status, started_on, owner_party)
       VALUES ($1::varchar, $2::uuid, $3::varchar, 'calendar', jsonb_build_object('kind', 'calendar', 'date', $4::text), $4::date, $5::varchar,
         CASE WHEN $5::varchar = 'active' THEN ${TODAY_SQL} END, 'department')
       ON CONFLICT (subject_type, subject_id, key) DO UPDATE SET due_on = EXCLUDED.due_on, definition = EXCLUDED.definition,
         beyond_calendar = false, version = deadlines.version + 1, updated_at = now()
       RETURNING id, version, status, (xmax = 0) AS started`,
      [subjectType, subjectId, key, dueOn, status],
    );
    // `started`: inserted just now (xmax = 0), as opposed to an existing deadline that moved.
    return row.status === 'active' ? row : null;
  }

  /**
   * 资料未提供: the item's proposed finding, made or brought up to date from the item as it stands and the reason of
   * its latest history entry (the decline this transaction appended). One per item (a unique index): declining again
   * after a return reopens the same proposal with the new reason; a confirmed one is history and stays as it is.
   * The indicators are named from the evaluation's framework; the first code is the proposal's indicator.
   */
  async proposeDocumentFinding(runner: Queryable, documentRequestId: string): Promise<void> {
    await runner.query(
      `WITH item AS (
         SELECT r.id, r.evaluation_id, r.title, r.indicator_codes,
           (SELECT h.comment FROM workflow_history h WHERE h.aggregate_type = 'document_request' AND h.aggregate_id = r.id ORDER BY h.seq DESC LIMIT 1) AS reason
         FROM document_requests r WHERE r.id = $1
       ), named AS (
         SELECT item.*, COALESCE((
           SELECT jsonb_agg(jsonb_build_object('code', c.code, 'name', n->>'name') ORDER BY c.ord)
           FROM unnest(item.indicator_codes) WITH ORDINALITY AS c(code, ord)
           LEFT JOIN evaluations e ON e.id = item.evaluation_id
           LEFT JOIN framework_versions fv ON fv.id = e.framework_version_id
           LEFT JOIN LATERAL (SELECT n FROM jsonb_array_elements(fv.nodes) n WHERE n->>'code' = c.code LIMIT 1) node ON true
         ), '[]'::jsonb) AS indicators
         FROM item
       ), draft AS (
         SELECT named.*, '资料未提供：' || named.title AS proposal_title,
           '被评价部门未提供“' || named.title || '”，说明的原因：“' || COALESCE(named.reason, '') || '”。'
             || CASE WHEN jsonb_array_length(named.indicators) > 0
                  THEN '该资料是评价以下指标的依据：' || (SELECT string_agg(i->>'code' || COALESCE(' ' || (i->>'name'), ''), '、') FROM jsonb_array_elements(named.indicators) i) || '，缺少该资料，相关指标无法核实。'
                  ELSE '' END AS proposal_description
         FROM named
       )
       INSERT INTO proposed_findings (evaluation_id, metric, subject, category, title, description, figures, indicator_code, suggested_deduction, document_request_id)
       SELECT evaluation_id, 'document_not_provided', id::text, '资料提供', left(proposal_title, 200), proposal_description,
         jsonb_build_object('kind', 'document_not_provided', 'documentRequestId', id, 'title', title, 'reason', COALESCE(reason, ''), 'indicators', indicators),
         indicator_codes[1], NULL, id
       FROM draft
       ON CONFLICT (evaluation_id, metric, subject) DO UPDATE SET
         status = 'proposed', discard_reason = NULL, decided_by = NULL, decided_at = NULL,
         title = EXCLUDED.title, description = EXCLUDED.description, figures = EXCLUDED.figures, indicator_code = EXCLUDED.indicator_code,
         version = proposed_findings.version + 1, updated_at = now()
       WHERE proposed_findings.status <> 'confirmed'`,
      [documentRequestId],
    );
  }

  /** The material came after all: an open 资料未提供 proposal of the item is obsolete (a decided one stays as decided). */
  async obsoleteDocumentFinding(runner: Queryable, documentRequestId: string): Promise<void> {
    await runner.query(
      `UPDATE proposed_findings SET status = 'obsolete', version = version + 1, updated_at = now() WHERE document_request_id = $1 AND status = 'proposed'`,
      [documentRequestId],
    );
  }

  /**
   * The comment period ran out (DOMAIN §2.4): every standing finding without an answer is recorded as accepted
   * (无异议) with NO_OBJECTION_TEXT and no answering user — the system's record, told apart from a department's
   * own acceptance by answered_by NULL. Returns how many.
   */
  async recordNoObjection(runner: Queryable, evaluationId: string): Promise<number> {
    const [, count] = await runner.query(
      `UPDATE findings SET answer = 'accepted', answer_text = $2, answered_by = NULL, answered_at = now(), version = version + 1, updated_at = now()
       WHERE evaluation_id = $1 AND answer IS NULL AND adjudication IS DISTINCT FROM 'withdrawn'`,
      [evaluationId, NO_OBJECTION_TEXT],
    );
    return Number(count);
  }

  /**
   * 文号 at final approval (issue 12 §5), in the approval's transaction: unless a number was typed by hand, the
   * issuer's (the commissioning bureau's) counter for the approval's Beijing year is advanced with one
   * INSERT … ON CONFLICT DO UPDATE … RETURNING — the row stays locked until commit, so concurrent approvals of the
   * same issuer and year queue on it and get consecutive values; a rolled-back approval rolls the value back (no
   * gap). The number is recorded (report_number_assignments, never changed or deleted) and written on the evaluation.
   */
  async assignReportNumber(runner: Queryable, evaluationId: string): Promise<string | null> {
    const [evaluation] = await runner.query(
      `SELECT e.commissioning_organisation_id AS issuer, btrim(coalesce(e.report_number, '')) AS typed, p.pattern,
         extract(year FROM ${TODAY_SQL})::int AS year
       FROM evaluations e LEFT JOIN report_number_patterns p ON p.issuer_organisation_id = e.commissioning_organisation_id
       WHERE e.id = $1`,
      [evaluationId],
    );
    if (!evaluation || evaluation.typed !== '' || !evaluation.pattern) return null;
    const [{ value }] = await runner.query(
      `INSERT INTO report_number_sequences (issuer_organisation_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (issuer_organisation_id, year) DO UPDATE SET last_value = report_number_sequences.last_value + 1
       RETURNING last_value AS value`,
      [evaluation.issuer, evaluation.year],
    );
    const number = formatReportNumber(evaluation.pattern as string, evaluation.year as number, value as number);
    await runner.query(
      `INSERT INTO report_number_assignments (evaluation_id, issuer_organisation_id, year, value, report_number) VALUES ($1, $2, $3, $4, $5)`,
      [evaluationId, evaluation.issuer, evaluation.year, value, number],
    );
    await runner.query(`UPDATE evaluations SET report_number = $2, updated_at = now() WHERE id = $1`, [evaluationId, number]);
    return number;
  }

  /** The draft the department is shown is the baseline: any later score change must say why (DOMAIN §2.4). */
  async freezeScores(runner: Queryable, evaluationId: string): Promise<void> {
    await runner.query(`UPDATE evaluation_indicator_entries SET score_at_draft = score, change_reason = NULL WHERE evaluation_id = $1`, [evaluationId]);
  }
}
