import type { TaskDto } from '@evalflow/domain';
import { calendarDaysBetween } from '@evalflow/domain';

/** A deadline within this many days is more urgent than work that has no deadline at all. */
export const NEAR_DEADLINE_DAYS = 7;

/**
 * 我的待办's order (issue 16): overdue first (most overdue on top), then deadlines of the coming week, then the work
 * without a deadline (longest waiting first), then later deadlines. Work without a deadline used to sort after every
 * deadline and so fell off page 1 however long it had waited; sorting here, before paging, keeps page 1 the most
 * urgent and loses nothing.
 */
export function taskUrgency(task: Pick<TaskDto, 'dueOn'>, today: string): 0 | 1 | 2 | 3 {
  if (!task.dueOn) return 2;
  if (task.dueOn < today) return 0;
  return calendarDaysBetween(today, task.dueOn) <= NEAR_DEADLINE_DAYS ? 1 : 3;
}

export function compareTasks(today: string) {
  return (a: Pick<TaskDto, 'dueOn' | 'waitingSince' | 'reference'>, b: Pick<TaskDto, 'dueOn' | 'waitingSince' | 'reference'>): number => {
    const rank = taskUrgency(a, today) - taskUrgency(b, today);
    if (rank !== 0) return rank;
    const when = (task: typeof a) => task.dueOn ?? task.waitingSince;
    return when(a).localeCompare(when(b)) || a.reference.localeCompare(b.reference);
  };
}

/** The Beijing day of an instant (no daylight saving in China: UTC+8 all year). */
export function beijingDay(instant: string): string {
  return new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
