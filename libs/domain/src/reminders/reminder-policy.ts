import { z } from 'zod';
import { addCalendarDays, addWorkingDays } from '../calendar/working-days';
import { DEADLINE_KEYS, type DeadlineKey } from '../evaluations';

/**
 * Reminder policy (提醒规则): when the owner of a running deadline is reminded, and when it escalates. Set per
 * jurisdiction (a region; the nearest ancestor with a setting applies) and per deadline key, with the domain
 * default below when nobody set anything. Overdue repeats and escalations count calendar days after the due day;
 * the advance reminder counts working days before it (nobody should be reminded on a holiday).
 */
export const reminderPolicySchema = z
  .object({
    /** Remind the owner when the stage starts (the deadline becomes active). */
    onStart: z.boolean(),
    /** Remind N working days before the due day (null: no advance reminder). */
    workingDaysBefore: z.number().int().min(1, 'at least 1').max(30, 'at most 30').nullable(),
    /** Remind on the due day itself. */
    onDue: z.boolean(),
    /** Remind every M calendar days while overdue (null: once on the due day only). */
    overdueEveryDays: z.number().int().min(1, 'at least 1').max(30, 'at most 30').nullable(),
    /** How many overdue reminders at most (the chain stops there; escalation and the digest carry on). */
    overdueMaxRepeats: z.number().int().min(1).max(60),
    /**
     * Escalations after K calendar days overdue, in order: the first goes to the owner's supervisor (the
     * department's head), the second to the finance officers of the commissioning bureau.
     */
    escalationAfterDays: z
      .array(z.number().int().min(1, 'at least 1').max(365, 'at most 365'))
      .max(2, 'at most two escalation levels')
      .refine((days) => days.every((value, index) => index === 0 || value > days[index - 1]), 'each level later than the one before'),
  })
  .strict();
export type ReminderPolicy = z.infer<typeof reminderPolicySchema>;

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  onStart: true,
  workingDaysBefore: 3,
  onDue: true,
  overdueEveryDays: 3,
  overdueMaxRepeats: 10,
  escalationAfterDays: [5, 10],
};

/** A policy setting: for one deadline key, or for every key of the jurisdiction (`'*'`). */
export const REMINDER_POLICY_SCOPES = ['*', ...DEADLINE_KEYS] as const;
export type ReminderPolicyScope = '*' | DeadlineKey;

export const saveReminderPolicySchema = z
  .object({
    regionId: z.uuid(),
    deadlineKey: z.enum(REMINDER_POLICY_SCOPES),
    policy: reminderPolicySchema,
    /** The version read (optimistic lock); omitted when creating the region's first setting for the key. */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict();
export type SaveReminderPolicyInput = z.infer<typeof saveReminderPolicySchema>;

export const reminderPolicySettingSchema = z.object({
  regionId: z.uuid(),
  regionName: z.string(),
  deadlineKey: z.enum(REMINDER_POLICY_SCOPES),
  policy: reminderPolicySchema,
  version: z.number().int(),
  updatedAt: z.string(),
});
export type ReminderPolicySettingDto = z.infer<typeof reminderPolicySettingSchema>;

export const reminderPoliciesSchema = z.object({
  defaultPolicy: reminderPolicySchema,
  settings: z.array(reminderPolicySettingSchema),
});
export type ReminderPoliciesDto = z.infer<typeof reminderPoliciesSchema>;

/* The planner. */

export const REMINDER_POINTS = ['start', 'before', 'due', 'overdue', 'escalation'] as const;
export type ReminderPointKind = (typeof REMINDER_POINTS)[number];
export const REMINDER_POINT_LABELS: Record<ReminderPointKind, { zh: string; en: string }> = {
  start: { zh: '开始提醒', en: 'stage started' },
  before: { zh: '到期前提醒', en: 'due soon' },
  due: { zh: '到期当日提醒', en: 'due today' },
  overdue: { zh: '逾期提醒', en: 'overdue' },
  escalation: { zh: '逾期升级提醒', en: 'escalation' },
};

/**
 * One moment a reminder goes out. `index`: working days before (before), the repeat number (overdue, 1 = first),
 * the escalation level (escalation, 1 = supervisor), 0 otherwise. `date` is a Beijing day; `start` goes out at
 * once, every other point at the reminder hour of its day.
 */
export interface ReminderPoint {
  point: ReminderPointKind;
  index: number;
  date: string;
}

/** The stable name of a point within one deadline version, part of its job id: `before-3`, `overdue-2`. */
export const pointKey = (point: Pick<ReminderPoint, 'point' | 'index'>) => `${point.point}-${point.index}`;

/**
 * Every reminder point of a running deadline, in time order, up to the first overdue repeat (each overdue reminder
 * plans the next: `nextOverdue`). Points on or before the start day other than `start` itself are left out: an
 * advance reminder that would fall before the stage began tells nobody anything.
 */
export function planReminders(deadline: { startedOn: string; dueOn: string }, policy: ReminderPolicy): ReminderPoint[] {
  const points: ReminderPoint[] = [];
  if (policy.onStart) points.push({ point: 'start', index: 0, date: deadline.startedOn });
  if (policy.workingDaysBefore !== null) {
    const date = addWorkingDays(deadline.dueOn, -policy.workingDaysBefore).date;
    if (date > deadline.startedOn) points.push({ point: 'before', index: policy.workingDaysBefore, date });
  }
  if (policy.onDue && deadline.dueOn > deadline.startedOn) points.push({ point: 'due', index: 0, date: deadline.dueOn });
  const firstOverdue = overduePoint(deadline.dueOn, policy, 1);
  if (firstOverdue) points.push(firstOverdue);
  policy.escalationAfterDays.forEach((days, level) => points.push({ point: 'escalation', index: level + 1, date: addCalendarDays(deadline.dueOn, days) }));
  return points.sort((a, b) => a.date.localeCompare(b.date) || REMINDER_POINTS.indexOf(a.point) - REMINDER_POINTS.indexOf(b.point));
}

/** The overdue repeat after `previous` (index + 1), or null when the policy stops the chain there. */
export function nextOverdue(dueOn: string, policy: ReminderPolicy, previous: number): ReminderPoint | null {
  return overduePoint(dueOn, policy, previous + 1);
}

function overduePoint(dueOn: string, policy: ReminderPolicy, index: number): ReminderPoint | null {
  if (policy.overdueEveryDays === null || index > policy.overdueMaxRepeats) return null;
  return { point: 'overdue', index, date: addCalendarDays(dueOn, index * policy.overdueEveryDays) };
}

/**
 * The first overdue repeat on or after `today` (a deadline that was already overdue when planned joins the
 * chain where it stands instead of sending every repeat it missed), or null when the chain has ended.
 */
export function firstOverdueFrom(dueOn: string, policy: ReminderPolicy, today: string): ReminderPoint | null {
  for (let index = 1; ; index++) {
    const point = overduePoint(dueOn, policy, index);
    if (!point || point.date >= today) return point;
  }
}

/** Picks the setting that applies: nearest region first (deepest in `chain`), a key's own setting before `'*'`. */
export function resolvePolicy(
  chain: readonly string[],
  key: DeadlineKey,
  settings: readonly { regionId: string; deadlineKey: ReminderPolicyScope; policy: ReminderPolicy }[],
): { policy: ReminderPolicy; from: { regionId: string; deadlineKey: ReminderPolicyScope } | null } {
  for (const regionId of [...chain].reverse()) {
    for (const scope of [key, '*'] as const) {
      const found = settings.find((setting) => setting.regionId === regionId && setting.deadlineKey === scope);
      if (found) return { policy: found.policy, from: { regionId, deadlineKey: scope } };
    }
  }
  return { policy: DEFAULT_REMINDER_POLICY, from: null };
}
