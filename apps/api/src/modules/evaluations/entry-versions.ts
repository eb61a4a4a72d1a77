import { DomainError, entryConflictsSummary, staleEntries, type EntryConflictDto, type EntryPart, type FieldIssue, type VersionedEntryInput } from '@evalflow/domain';
import type { Queryable } from '../../infrastructure/database/queryable';
import { frameworkNodesOf } from '../frameworks/frameworks.repository';
import type { EvaluationRecord } from './evaluation.repository';
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

type EntryEvaluation = Pick<EvaluationRecord, 'id' | 'frameworkVersionId'>;

/** 422 naming each entry that is no level-3 indicator of the evaluation's framework or gives more points than its weight. */
export async function assertEntriesFitFramework(
  runner: Queryable,
  evaluation: EntryEvaluation,
  entries: readonly { code: string; points: number | null | undefined }[],
  paths: { list: string; points: string },
  message: string,
): Promise<void> {
  const nodes = await frameworkNodesOf(runner, evaluation.frameworkVersionId);
  const weights = new Map(nodes.filter((n) => n.level === 3).map((n) => [n.code, n.weight]));
  const issues: FieldIssue[] = [];
  entries.forEach((entry, index) => {
    const weight = weights.get(entry.code);
    if (weight === undefined) issues.push({ path: `${paths.list}.${index}.code`, message: 'not a level-3 indicator of this framework' });
    else if (entry.points != null && entry.points > weight) issues.push({ path: `${paths.list}.${index}.${paths.points}`, message: `more than the weight ${weight}` });
  });
  if (issues.length) throw new DomainError('RULE_VIOLATION', message, issues);
}

/**
 * Writes one part of the entries if nobody changed any of them since the caller loaded them: a stale one refuses
 * the whole save with 409 naming it (all or nothing: the stage work's transaction rolls back).
 */
export async function writeEntryPart(
  runner: Queryable,
  evaluation: EntryEvaluation,
  part: EntryPart,
  entries: readonly VersionedEntryInput[],
  write: () => Promise<number>,
): Promise<void> {
  const names = async () => new Map((await frameworkNodesOf(runner, evaluation.frameworkVersionId)).map((node) => [node.code, node.name]));
  await assertEntriesUnchanged(runner, evaluation.id, part, entries, names);
  // The evaluation's row lock makes this unreachable; if a write still found a version moved, it must not half-apply.
  if ((await write()) !== entries.length) throw entriesChangedMeanwhile();
}
