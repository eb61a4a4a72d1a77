import type { EntryConflictDto } from '../schemas/evaluation.schema';

/** One entry of a save and the version of it the caller loaded (absent or null: they saw no entry yet). */
export interface VersionedEntryInput {
  code: string;
  expectedVersion?: number | null;
}

export interface StaleEntry {
  code: string;
  expectedVersion: number;
  currentVersion: number;
}

/**
 * The entries of a save that somebody changed since the caller loaded them: the expected version differs from the
 * stored one (an entry nobody saved yet has version 0). The save is refused whole when this is not empty.
 */
export function staleEntries(requested: readonly VersionedEntryInput[], currentVersions: ReadonlyMap<string, number>): StaleEntry[] {
  return requested.flatMap((entry) => {
    const expectedVersion = entry.expectedVersion ?? 0;
    const currentVersion = currentVersions.get(entry.code) ?? 0;
    return expectedVersion === currentVersion ? [] : [{ code: entry.code, expectedVersion, currentVersion }];
  });
}

const BEIJING_MINUTE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "12-01 10:32": the day and minute in Beijing time, however the reader's clock is set. */
export function beijingMinute(iso: string): string {
  const parts = Object.fromEntries(BEIJING_MINUTE.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Who changed the entry when, as a clerk reads it: "已由 张三 于 12-01 10:32 修改". */
function changedBy(conflict: Pick<EntryConflictDto, 'updatedBy' | 'updatedAt'>): string {
  const who = conflict.updatedBy ? `已由 ${conflict.updatedBy.displayName} ` : '已被他人';
  const when = conflict.updatedAt ? `于 ${beijingMinute(conflict.updatedAt)} ` : '';
  return `${who}${when}修改`;
}

/** What the entry holds now: the score for the team's part, the self-score for the department's. */
function currentValue(conflict: EntryConflictDto): string {
  const value = conflict.part === 'score' ? conflict.current.score : conflict.current.selfScore;
  return value === null || value === undefined ? '（目前未打分）' : `为 ${value} 分`;
}

/** `“预算执行率”已由 张三 于 12-01 10:32 修改为 2.5 分，请刷新后再保存` (the self part says 自评). */
export function entryConflictMessage(conflict: EntryConflictDto): string {
  const subject = conflict.part === 'score' ? `“${conflict.name}”` : `“${conflict.name}”的自评`;
  return `${subject}${changedBy(conflict)}${currentValue(conflict)}，请刷新后再保存`;
}

/** One line for a refused save: the entry's sentence, or the indicators named when there are several. */
export function entryConflictsSummary(conflicts: readonly EntryConflictDto[]): string {
  if (conflicts.length === 1) return entryConflictMessage(conflicts[0]);
  const names = conflicts.map((conflict) => `“${conflict.name}”`).join('');
  return `${names}等 ${conflicts.length} 项指标已被他人修改，本次保存未生效，请刷新后再保存`;
}
