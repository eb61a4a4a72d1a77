import { beijingDay, compareTasks, taskUrgency, taskUrgencySql } from './task-order';

const TODAY = '2026-12-01';
const task = (reference: string, dueOn: string | null, waitingSince = '2026-11-01') => ({ reference, dueOn, waitingSince });

describe('我的待办 order', () => {
  it.each([
    ['2026-11-30', 0],
    ['2026-12-01', 1],
    ['2026-12-08', 1],
    ['2026-12-09', 3],
    [null, 2],
  ] as const)('due %s ranks %i', (dueOn, rank) => {
    expect(taskUrgency({ dueOn }, TODAY)).toBe(rank);
  });

  it('puts overdue first, then this week, then work without a deadline (longest waiting first), then later deadlines', () => {
    const tasks = [
      task('later', '2027-03-31'),
      task('no-deadline-recent', null, '2026-11-28'),
      task('this-week', '2026-12-04'),
      task('overdue-1', '2026-11-30'),
      task('no-deadline-old', null, '2026-10-01'),
      task('overdue-5', '2026-11-26'),
      task('today', '2026-12-01'),
    ];
    expect([...tasks].sort(compareTasks(TODAY)).map((t) => t.reference)).toEqual([
      'overdue-5',
      'overdue-1',
      'today',
      'this-week',
      'no-deadline-old',
      'no-deadline-recent',
      'later',
    ]);
  });

  it('ties break by reference, so pages are stable', () => {
    expect([task('B', '2026-12-02'), task('A', '2026-12-02')].sort(compareTasks(TODAY)).map((t) => t.reference)).toEqual(['A', 'B']);
  });

  it('ties within one evaluation put the evaluation first, then its items by id', () => {
    const on = (subjectType: 'evaluation' | 'rectification_item' | 'document_request', subjectId: string) => ({ ...task('A', '2026-12-02'), subjectType, subjectId });
    const sorted = [on('rectification_item', 'b'), on('rectification_item', 'a'), on('document_request', 'c'), on('evaluation', 'z')].sort(compareTasks(TODAY));
    expect(sorted.map((t) => `${t.subjectType}:${t.subjectId}`)).toEqual(['evaluation:z', 'document_request:c', 'rectification_item:a', 'rectification_item:b']);
  });

  it('states the rank in SQL with the same bounds', () => {
    expect(taskUrgencySql('due', 'today')).toBe('(CASE WHEN due IS NULL THEN 2 WHEN due < today THEN 0 WHEN due <= today + 7 THEN 1 ELSE 3 END)');
  });

  it('reads the waiting day in Beijing time', () => {
    expect(beijingDay('2026-11-30T16:30:00.000Z')).toBe('2026-12-01');
    expect(beijingDay('2026-11-30T15:59:00.000Z')).toBe('2026-11-30');
  });
});
