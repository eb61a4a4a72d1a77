import { Injectable } from '@nestjs/common';
import { computeDueDate, type DeadlineDefinition, type DeadlineKey } from '@evalflow/domain';
import { TODAY_SQL, type Queryable } from '../../../infrastructure/database/queryable';
import type { AggregateType } from '../workflow-history.repository';

export interface DeadlineChange {
  id: string;
  version: number;
  status: 'active' | 'done';
}

/** The SQL of the effects a transition carries out in its own transaction (the handlers decide when). */
@Injectable()
export class WorkflowEffectsRepository {
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

  /** One rectification item per finding still standing after adjudication (DOMAIN §2.6); re-running opens nothing twice. */
  async openRectificationItems(runner: Queryable, evaluationId: string): Promise<void> {
    await runner.query(
      `INSERT INTO rectification_items (evaluation_id, finding_id)
       SELECT evaluation_id, id FROM findings WHERE evaluation_id = $1 AND adjudication IS DISTINCT FROM 'withdrawn'
       ON CONFLICT (finding_id) DO NOTHING`,
      [evaluationId],
    );
  }

  /** The draft the department is shown is the baseline: any later score change must say why (DOMAIN §2.4). */
  async freezeScores(runner: Queryable, evaluationId: string): Promise<void> {
    await runner.query(`UPDATE evaluation_indicator_entries SET score_at_draft = score, change_reason = NULL WHERE evaluation_id = $1`, [evaluationId]);
  }
}
