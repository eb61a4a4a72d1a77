import type { EntryConflictDto } from '../schemas/evaluation.schema';
import { beijingMinute, entryConflictMessage, entryConflictsSummary, staleEntries } from './entry-versions';

describe('staleEntries', () => {
  const stored = new Map([
    ['1.1.1', 2],
    ['1.1.2', 1],
  ]);

  it.each([
    { case: 'the version loaded', requested: [{ code: '1.1.1', expectedVersion: 2 }], stale: [] },
    { case: 'a first save (0) of an entry nobody saved', requested: [{ code: '9.9.9', expectedVersion: 0 }], stale: [] },
    { case: 'a first save (null) of an entry nobody saved', requested: [{ code: '9.9.9', expectedVersion: null }], stale: [] },
    { case: 'a first save (omitted) of an entry nobody saved', requested: [{ code: '9.9.9' }], stale: [] },
    { case: 'an older version', requested: [{ code: '1.1.1', expectedVersion: 1 }], stale: [{ code: '1.1.1', expectedVersion: 1, currentVersion: 2 }] },
    { case: 'a first save of an entry saved meanwhile', requested: [{ code: '1.1.2' }], stale: [{ code: '1.1.2', expectedVersion: 0, currentVersion: 1 }] },
    { case: 'a version that never was', requested: [{ code: '9.9.9', expectedVersion: 3 }], stale: [{ code: '9.9.9', expectedVersion: 3, currentVersion: 0 }] },
    {
      case: 'only the stale ones of several',
      requested: [
        { code: '1.1.1', expectedVersion: 2 },
        { code: '1.1.2', expectedVersion: 0 },
      ],
      stale: [{ code: '1.1.2', expectedVersion: 0, currentVersion: 1 }],
    },
  ])('$case', ({ requested, stale }) => {
    expect(staleEntries(requested, stored)).toEqual(stale);
  });
});

describe('the conflict in words', () => {
  const conflict = (over: Partial<EntryConflictDto> = {}): EntryConflictDto => ({
    code: '1.2.1',
    name: '预算执行率',
    part: 'score',
    expectedVersion: 1,
    version: 2,
    current: { score: 2.5, deductionReason: '执行偏慢' },
    updatedBy: { id: '00000000-0000-4000-8000-000000000001', displayName: '张三' },
    updatedAt: '2025-12-01T02:32:10.000Z',
    ...over,
  });

  it('shows the minute in Beijing time', () => {
    expect(beijingMinute('2025-12-01T02:32:10.000Z')).toBe('12-01 10:32');
    expect(beijingMinute('2025-12-31T16:05:00.000Z')).toBe('01-01 00:05');
  });

  it.each([
    { case: 'a score', over: {}, text: '“预算执行率”已由 张三 于 12-01 10:32 修改为 2.5 分，请刷新后再保存' },
    { case: 'a score taken away', over: { current: { score: null } }, text: '“预算执行率”已由 张三 于 12-01 10:32 修改（目前未打分），请刷新后再保存' },
    { case: 'a self-score', over: { part: 'self' as const, current: { selfScore: 3 } }, text: '“预算执行率”的自评已由 张三 于 12-01 10:32 修改为 3 分，请刷新后再保存' },
    { case: 'nobody known', over: { updatedBy: null, updatedAt: null }, text: '“预算执行率”已被他人修改为 2.5 分，请刷新后再保存' },
  ])('$case', ({ over, text }) => {
    expect(entryConflictMessage(conflict(over))).toBe(text);
  });

  it('names every indicator when several were changed', () => {
    expect(entryConflictsSummary([conflict(), conflict({ code: '1.2.2', name: '支付进度率' })])).toBe(
      '“预算执行率”“支付进度率”等 2 项指标已被他人修改，本次保存未生效，请刷新后再保存',
    );
    expect(entryConflictsSummary([conflict()])).toBe(entryConflictMessage(conflict()));
  });
});
