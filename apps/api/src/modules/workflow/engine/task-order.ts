import type { TaskDto } from '@evalflow/domain';
import { calendarDaysBetween } from '@evalflow/domain';

/** A deadline within this many days is more urgent than work that has no deadline at all. */
export const NEAR_DEADLINE_DAYS = 7;

/*
 * 我的待办's order (issue 16): overdue first (most overdue on top), then deadlines of the coming week, then the work
 * without a deadline (longest waiting first), then later deadlines; ties by the evaluation's reference, then the
 * evaluation before its items. Work without a deadline used to sort after every deadline and so fell off page 1
 * however long it had waited; sorting before paging keeps page 1 the most urgent and loses nothing.
 *
 * The inbox sorts in SQL (taskUrgencySql, TASK_ORDER_SQL); the TypeScript form below states the same order and
 * tests/integration/workflow-tasks.test.ts checks that the two agree.
 */
export function taskUrgency(task: Pick<TaskDto, 'dueOn'>, today: string): 0 | 1 | 2 | 3 {
  if (!task.dueOn) return 2;
  if (task.dueOn < today) return 0;
  return calendarDaysBetween(today, task.dueOn) <= NEAR_DEADLINE_DAYS ? 1 : 3;
}

/** The evaluation first, then its items (document requests, working papers, rectification items). */
export const SUBJECT_TYPE_ORDER = ['evaluation', 'document_request', 'working_paper', 'rectification_item'] as const;

type Ordered = Pick<TaskDto, 'dueOn' | 'waitingSince' | 'reference'> & Partial<Pick<TaskDto, 'subjectType' | 'subjectId'>>;

export function compareTasks(today: string) {
  return (a: Ordered, b: Ordered): number => {
    const rank = taskUrgency(a, today) - taskUrgency(b, today);
    if (rank !== 0) return rank;
    const when = (task: Ordered) => task.dueOn ?? task.waitingSince;
    const type = (task: Ordered) => SUBJECT_TYPE_ORDER.indexOf(task.subjectType ?? 'evaluation');
    // Codepoint order, as the database's C collation of ids and references.
    const byCode = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    return when(a).localeCompare(when(b)) || byCode(a.reference, b.reference) || type(a) - type(b) || byCode(a.subjectId ?? '', b.subjectId ?? '');
  };
}

/** taskUrgency in SQL, of a due date expression (NULL: no running deadline) and today's date expression. */
export function taskUrgencySql(dueOn: string, today: string): string {
  return `(CASE WHEN ${dueOn} IS NULL THEN 2 WHEN ${dueOn} < ${today} THEN 0 WHEN ${dueOn} <= ${today} + ${NEAR_DEADLINE_DAYS} THEN 1 ELSE 3 END)`;
}

/**
 * compareTasks in SQL, over a row alias with the columns urgency, due_on, waiting_since, reference, subject_type and
 * subject_id.
 */
export const TASK_ORDER_SQL = (alias: string): string =>
  `${alias}.urgency, COALESCE(${alias}.due_on, ${alias}.waiting_since), ${alias}.reference COLLATE "C", ` +
  `array_position(ARRAY[${SUBJECT_TYPE_ORDER.map((type) => `'${type}'`).join(', ')}]::varchar[], ${alias}.subject_type), ${alias}.subject_id`;

/** The Beijing day of an instant (no daylight saving in China: UTC+8 all year). */
export function beijingDay(instant: string): string {
  return new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
