import { Injectable } from '@nestjs/common';
import { TODAY_SQL, many, one, type Queryable } from '../../infrastructure/database/queryable';
import type { AggregateType } from './workflow-history.repository';

/** A (lifecycle, state, deadline) a timer watches: from `timedStates` of libs/workflow. */
export interface TimedState {
  workflow: string;
  state: string;
  deadline: string;
}

export interface DueTimer {
  deadlineId: string;
  version: number;
  subjectType: AggregateType;
  subjectId: string;
  key: string;
}

export interface TimerDeadline extends DueTimer {
  status: 'pending' | 'active' | 'done';
  /** The due day is over (Beijing time), as the guards' `…DeadlinePassed` facts count it. */
  passed: boolean;
}

/** The lifecycle a deadline's record follows and the state it is in, for any subject type. */
const SUBJECT_STATE = `
  LEFT JOIN evaluations e ON dl.subject_type = 'evaluation' AND e.id = dl.subject_id
  LEFT JOIN rectification_items ri ON dl.subject_type = 'rectification_item' AND ri.id = dl.subject_id
  LEFT JOIN document_requests dq ON dl.subject_type = 'document_request' AND dq.id = dl.subject_id`;
const SUBJECT_WORKFLOW = `CASE dl.subject_type WHEN 'evaluation' THEN 'evaluation_' || e.kind ELSE dl.subject_type END`;

/** The SQL of the lifecycle timers (issue 12 §4): which timed deadlines have passed, and one deadline as it is now. */
@Injectable()
export class WorkflowTimersRepository {
  /** Running deadlines whose day is over while their record is in a state with a timer on that deadline. */
  dueTimers(runner: Queryable, timed: readonly TimedState[], limit = 500): Promise<DueTimer[]> {
    if (timed.length === 0) return Promise.resolve([]);
    return many<DueTimer>(
      runner,
      `SELECT dl.id AS "deadlineId", dl.version, dl.subject_type AS "subjectType", dl.subject_id AS "subjectId", dl.key
       FROM deadlines dl ${SUBJECT_STATE}
       WHERE dl.status = 'active' AND dl.due_on < ${TODAY_SQL}
         AND (${SUBJECT_WORKFLOW}, COALESCE(e.state, ri.state, dq.state), dl.key) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))
       ORDER BY dl.due_on, dl.id
       LIMIT $4`,
      [timed.map((t) => t.workflow), timed.map((t) => t.state), timed.map((t) => t.deadline), limit],
    );
  }

  deadline(runner: Queryable, id: string): Promise<TimerDeadline | null> {
    return one<TimerDeadline>(
      runner,
      `SELECT dl.id AS "deadlineId", dl.version, dl.subject_type AS "subjectType", dl.subject_id AS "subjectId", dl.key, dl.status,
         dl.due_on < ${TODAY_SQL} AS passed
       FROM deadlines dl WHERE dl.id = $1`,
      [id],
    );
  }
}
