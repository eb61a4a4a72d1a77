import { averageDaysToClose, completionRate, isDue, LEDGER_STATUS_OF_STATE, ledgerStatusOf, ledgerStatusSql, statesOfLedgerStatus, type LedgerStatus } from './ledger';

describe('ledger status (整改状态)', () => {
  // That every lifecycle state is mapped is checked where both libraries meet (rectification-ledger.spec.ts in the API).
  it('maps eight states', () => expect(Object.keys(LEDGER_STATUS_OF_STATE)).toHaveLength(8));

  it.each<[string, LedgerStatus]>([
    ['open', 'not_started'],
    ['plan_submitted', 'not_started'],
    ['in_progress', 'in_progress'],
    ['submitted_for_verification', 'in_progress'],
    ['returned', 'in_progress'],
    ['partly_rectified', 'partly_rectified'],
    ['verified', 'rectified'],
    ['carried_over', 'carried_over'],
  ])('%s → %s', (state, status) => {
    expect(ledgerStatusOf(state)).toBe(status);
    expect(statesOfLedgerStatus(status)).toContain(state);
  });

  it('refuses a state it does not know', () => expect(() => ledgerStatusOf('closed')).toThrow('no ledger status'));

  it('writes the same mapping as SQL', () => {
    expect(ledgerStatusSql('ri.state')).toBe(
      "CASE ri.state WHEN 'open' THEN 'not_started' WHEN 'plan_submitted' THEN 'not_started' WHEN 'in_progress' THEN 'in_progress' " +
        "WHEN 'submitted_for_verification' THEN 'in_progress' WHEN 'returned' THEN 'in_progress' WHEN 'partly_rectified' THEN 'partly_rectified' " +
        "WHEN 'verified' THEN 'rectified' WHEN 'carried_over' THEN 'carried_over' END",
    );
  });
});

describe('整改完成率 and the other figures', () => {
  it.each<[number, number, number | null]>([
    [0, 0, null],
    [0, 4, 0],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [3, 3, 100],
    [7, 8, 87.5],
  ])('%i closed of %i due → %s %', (closed, due, rate) => expect(completionRate(closed, due)).toBe(rate));

  it.each<[LedgerStatus, string | null, boolean]>([
    ['rectified', '2027-06-30', true],
    ['rectified', null, true],
    ['in_progress', '2026-12-01', true],
    ['in_progress', '2026-12-02', false],
    ['not_started', null, false],
    ['carried_over', '2026-11-30', true],
    ['carried_over', '2099-06-30', true],
    ['partly_rectified', '2027-01-15', false],
  ])('%s due %s is due on 2026-12-01: %s', (status, dueOn, due) => expect(isDue({ status, dueOn }, '2026-12-01')).toBe(due));

  it.each<[number[], number | null]>([
    [[], null],
    [[10], 10],
    [[10, 21], 15.5],
    [[1, 2, 2], 1.7],
  ])('average days to close of %j → %s', (days, average) => expect(averageDaysToClose(days)).toBe(average));
});
