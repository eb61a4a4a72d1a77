import { DEFAULT_REMINDER_POLICY, firstOverdueFrom, nextOverdue, planReminders, pointKey, reminderPolicySchema, resolvePolicy, type ReminderPoint, type ReminderPolicy } from './reminder-policy';

const policy = (overrides: Partial<ReminderPolicy> = {}): ReminderPolicy => ({ ...DEFAULT_REMINDER_POLICY, ...overrides });
const keys = (points: ReminderPoint[]) => points.map((p) => `${pointKey(p)}@${p.date}`);

describe('reminder planner', () => {
  it.each([
    [
      'the default policy around National Day (advance reminder counts working days)',
      { startedOn: '2026-09-20', dueOn: '2026-10-10' },
      policy(),
      ['start-0@2026-09-20', 'before-3@2026-09-30', 'due-0@2026-10-10', 'overdue-1@2026-10-13', 'escalation-1@2026-10-15', 'escalation-2@2026-10-20'],
    ],
    [
      'only on the day',
      { startedOn: '2026-06-01', dueOn: '2026-06-30' },
      policy({ onStart: false, workingDaysBefore: null, overdueEveryDays: null, escalationAfterDays: [] }),
      ['due-0@2026-06-30'],
    ],
    [
      'an advance reminder before the start is dropped',
      { startedOn: '2026-06-29', dueOn: '2026-06-30' },
      policy({ escalationAfterDays: [2] }),
      ['start-0@2026-06-29', 'due-0@2026-06-30', 'escalation-1@2026-07-02', 'overdue-1@2026-07-03'],
    ],
    [
      'due on the start day: start, then overdue',
      { startedOn: '2026-06-30', dueOn: '2026-06-30' },
      policy({ overdueEveryDays: 1, escalationAfterDays: [1, 3] }),
      ['start-0@2026-06-30', 'overdue-1@2026-07-01', 'escalation-1@2026-07-01', 'escalation-2@2026-07-03'],
    ],
  ])('%s', (_name, deadline, p, expected) => {
    expect(keys(planReminders(deadline, p))).toEqual(expected);
  });

  it('chains overdue repeats every M days up to the cap', () => {
    const p = policy({ overdueEveryDays: 2, overdueMaxRepeats: 3 });
    expect(nextOverdue('2026-06-30', p, 1)).toEqual({ point: 'overdue', index: 2, date: '2026-07-04' });
    expect(nextOverdue('2026-06-30', p, 2)).toEqual({ point: 'overdue', index: 3, date: '2026-07-06' });
    expect(nextOverdue('2026-06-30', p, 3)).toBeNull();
    expect(nextOverdue('2026-06-30', policy({ overdueEveryDays: null }), 0)).toBeNull();
  });

  it.each([
    ['2026-07-01', 1, '2026-07-03'],
    ['2026-07-03', 1, '2026-07-03'],
    ['2026-07-04', 2, '2026-07-06'],
    ['2026-08-30', null, null],
  ])('an already overdue deadline joins the chain where it stands (today %s)', (today, index, date) => {
    const point = firstOverdueFrom('2026-06-30', policy({ overdueEveryDays: 3, overdueMaxRepeats: 10 }), today);
    expect(point ? [point.index, point.date] : [null, null]).toEqual([index, date]);
  });

  it('validates a policy with field paths', () => {
    const result = reminderPolicySchema.safeParse({ ...DEFAULT_REMINDER_POLICY, workingDaysBefore: 0, escalationAfterDays: [10, 5] });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['escalationAfterDays', 'workingDaysBefore']);
  });

  it('resolves the nearest region first, a key setting before the region-wide one, the default last', () => {
    const province = 'p';
    const city = 'c';
    const county = 'x';
    const settings = [
      { regionId: province, deadlineKey: '*' as const, policy: policy({ workingDaysBefore: 5 }) },
      { regionId: city, deadlineKey: 'fieldwork' as const, policy: policy({ workingDaysBefore: 7 }) },
      { regionId: city, deadlineKey: '*' as const, policy: policy({ workingDaysBefore: 2 }) },
    ];
    expect(resolvePolicy([province, city, county], 'fieldwork', settings).policy.workingDaysBefore).toBe(7);
    expect(resolvePolicy([province, city, county], 'self_evaluation', settings).policy.workingDaysBefore).toBe(2);
    expect(resolvePolicy([province], 'fieldwork', settings)).toEqual({ policy: policy({ workingDaysBefore: 5 }), from: { regionId: province, deadlineKey: '*' } });
    expect(resolvePolicy(['elsewhere'], 'fieldwork', settings)).toEqual({ policy: DEFAULT_REMINDER_POLICY, from: null });
  });
});
