import { DomainError, entryConflictsSummary, staleEntries, type EntryConflictDto, type EntryPart, type VersionedEntryInput } from '@evalflow/domain';
import type { Queryable } from './evaluation.repository';
import { storedEntryParts } from './indicator-entry.repository';

/**
 * 409 VERSION_CONFLICT for a save of indicator entries somebody changed meanwhile. The message is the sentence the
 * clerk reads (which indicator, changed by whom and when, to what); `details.conflicts` has the same per entry.
 */
export function entryVersionConflict(conflicts: EntryConflictDto[]): DomainError {
  return new DomainError('VERSION_CONFLICT', entryConflictsSummary(conflicts), { conflicts });
}

/** The write found a version other than the one just checked (cannot happen under the evaluation's row lock). */
export function entriesChangedMeanwhile(): DomainError {
  return new DomainError('VERSION_CONFLICT', '指标已被他人修改，本次保存未生效，请刷新后再保存', { conflicts: [] });
}

/** Refuses the save (409) when any of its entries' part was changed since the version the caller loaded. */
export async function assertEntriesUnchanged(
  runner: Queryable,
  evaluationId: string,
  part: EntryPart,
  entries: readonly VersionedEntryInput[],
  names: () => Promise<ReadonlyMap<string, string>>,
): Promise<void> {
  const stored = await storedEntryParts(
    runner,
    evaluationId,
    part,
    entries.map((entry) => entry.code),
  );
  const stale = staleEntries(entries, new Map([...stored.values()].map((entry) => [entry.code, entry.version])));
  if (stale.length === 0) return;
  const nameOf = await names();
  throw entryVersionConflict(
    stale.map(({ code, expectedVersion, currentVersion }) => {
      const entry = stored.get(code);
      return {
        code,
        name: nameOf.get(code) ?? code,
        part,
        expectedVersion,
        version: currentVersion,
        current: entry?.current ?? {},
        updatedBy: entry?.updatedBy ?? null,
        updatedAt: entry?.updatedAt ?? null,
      };
    }),
  );
}
