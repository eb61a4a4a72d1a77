import type { EntryConflictDto, EntryPart, EntryVersionDto } from '@evalflow/domain';
import { many, type Queryable } from '../../infrastructure/database/queryable';
import type { ScoreLine } from '../frameworks/score-workbooks';

/**
 * SQL of the indicator entries' two versioned parts: the department's self-evaluation and the team's score. Both
 * writes run in the stage work's transaction, which holds the evaluation's row lock, so the version read before a
 * write is still the stored one when the write happens; the write checks it once more all the same.
 */
const PARTS = {
  self: {
    version: 'self_version',
    by: 'self_updated_by',
    at: 'self_updated_at',
    values: `x.target, x.actual, x.self_score::float AS "selfScore", x.deviation_reason AS "deviationReason"`,
  },
  score: {
    version: 'score_version',
    by: 'score_updated_by',
    at: 'score_updated_at',
    values: `x.score::float AS score, x.deduction_reason AS "deductionReason", x.change_reason AS "changeReason"`,
  },
} as const;

/** One part of a stored entry: its version, last change and what it holds. */
export interface StoredEntryPart extends EntryVersionDto {
  code: string;
  current: EntryConflictDto['current'];
}

interface VersionRow {
  code: string;
  version: number;
  updatedAt: Date | null;
  updatedById: string | null;
  updatedByName: string | null;
}

function toVersion(row: Omit<VersionRow, 'code'>): EntryVersionDto {
  return {
    version: row.version,
    updatedBy: row.updatedById ? { id: row.updatedById, displayName: row.updatedByName ?? '' } : null,
    updatedAt: row.updatedAt ? new Date(row.updatedAt).toISOString() : null,
  };
}

/** The given entries' part as stored (entries nobody saved are absent). */
export async function storedEntryParts(runner: Queryable, evaluationId: string, part: EntryPart, codes: readonly string[]): Promise<Map<string, StoredEntryPart>> {
  const p = PARTS[part];
  const rows = await many<VersionRow & Record<string, unknown>>(
    runner,
    `SELECT x.code, x.${p.version} AS version, x.${p.at} AS "updatedAt", u.id AS "updatedById", u.display_name AS "updatedByName", ${p.values}
       FROM evaluation_indicator_entries x LEFT JOIN users u ON u.id = x.${p.by}
      WHERE x.evaluation_id = $1 AND x.code = ANY($2::text[])`,
    [evaluationId, [...codes]],
  );
  return new Map(
    rows.map(({ code, version, updatedAt, updatedById, updatedByName, ...current }) => [
      code,
      { code, ...toVersion({ version, updatedAt, updatedById, updatedByName }), current },
    ]),
  );
}

interface EntryVersionsRow {
  code: string;
  selfVersion: number;
  selfAt: Date | null;
  selfById: string | null;
  selfByName: string | null;
  scoreVersion: number;
  scoreAt: Date | null;
  scoreById: string | null;
  scoreByName: string | null;
}

/** Both parts' versions and last changes of every entry of the evaluation, for the indicator table. */
export async function entryVersions(runner: Queryable, evaluationId: string): Promise<Map<string, Record<EntryPart, EntryVersionDto>>> {
  const rows = await many<EntryVersionsRow>(
    runner,
    `SELECT x.code,
        x.self_version AS "selfVersion", x.self_updated_at AS "selfAt", fu.id AS "selfById", fu.display_name AS "selfByName",
        x.score_version AS "scoreVersion", x.score_updated_at AS "scoreAt", su.id AS "scoreById", su.display_name AS "scoreByName"
       FROM evaluation_indicator_entries x
       LEFT JOIN users fu ON fu.id = x.self_updated_by
       LEFT JOIN users su ON su.id = x.score_updated_by
      WHERE x.evaluation_id = $1`,
    [evaluationId],
  );
  return new Map(
    rows.map((row) => [
      row.code,
      {
        self: toVersion({ version: row.selfVersion, updatedAt: row.selfAt, updatedById: row.selfById, updatedByName: row.selfByName }),
        score: toVersion({ version: row.scoreVersion, updatedAt: row.scoreAt, updatedById: row.scoreById, updatedByName: row.scoreByName }),
      },
    ]),
  );
}

/** An entry that has no stored part yet. */
export const UNSAVED_ENTRY: EntryVersionDto = { version: 0, updatedBy: null, updatedAt: null };

export interface ScoreWrite {
  code: string;
  score: number | null;
  deductionReason: string | null;
  changeReason: string | null;
  expectedVersion: number;
}

export interface SelfEntryWrite {
  code: string;
  target: string | null;
  actual: string | null;
  selfScore: number | null;
  deviationReason: string | null;
  expectedVersion: number;
}

/**
 * Writes the team's score part of the entries, each one version up, where the stored version is still the expected
 * one: the inserted version is expected + 1, an existing row is updated only from exactly one below it, and a row
 * that does not exist yet is created only by a save expecting version 0.
 * Returns how many entries were written; fewer than given means a stale one, and the caller must roll back.
 */
export async function writeScoreParts(runner: Queryable, evaluationId: string, userId: string, entries: readonly ScoreWrite[]): Promise<number> {
  const rows = await many<{ code: string }>(
    runner,
    `INSERT INTO evaluation_indicator_entries AS x (evaluation_id, code, score, deduction_reason, change_reason, updated_by, score_version, score_updated_by, score_updated_at)
     SELECT $1, r.code, r.score, r.deduction_reason, r.change_reason, $3, r.expected_version + 1, $3, now()
       FROM json_to_recordset($2::json) AS r(code text, score numeric, deduction_reason text, change_reason text, expected_version int)
      WHERE r.expected_version = 0 OR EXISTS (SELECT 1 FROM evaluation_indicator_entries e WHERE e.evaluation_id = $1 AND e.code = r.code)
     ON CONFLICT (evaluation_id, code) DO UPDATE SET score = EXCLUDED.score, deduction_reason = EXCLUDED.deduction_reason,
       change_reason = coalesce(EXCLUDED.change_reason, x.change_reason), updated_by = EXCLUDED.updated_by, updated_at = now(),
       score_version = EXCLUDED.score_version, score_updated_by = EXCLUDED.score_updated_by, score_updated_at = EXCLUDED.score_updated_at
       WHERE x.score_version + 1 = EXCLUDED.score_version
     RETURNING x.code`,
    [
      evaluationId,
      JSON.stringify(
        entries.map((e) => ({ code: e.code, score: e.score, deduction_reason: e.deductionReason, change_reason: e.changeReason, expected_version: e.expectedVersion })),
      ),
      userId,
    ],
  );
  return rows.length;
}

/** The department's part of the entries, as writeScoreParts does the team's. */
export async function writeSelfParts(runner: Queryable, evaluationId: string, userId: string, entries: readonly SelfEntryWrite[]): Promise<number> {
  const rows = await many<{ code: string }>(
    runner,
    `INSERT INTO evaluation_indicator_entries AS x (evaluation_id, code, target, actual, self_score, deviation_reason, updated_by, self_version, self_updated_by, self_updated_at)
     SELECT $1, r.code, r.target, r.actual, r.self_score, r.deviation_reason, $3, r.expected_version + 1, $3, now()
       FROM json_to_recordset($2::json) AS r(code text, target text, actual text, self_score numeric, deviation_reason text, expected_version int)
      WHERE r.expected_version = 0 OR EXISTS (SELECT 1 FROM evaluation_indicator_entries e WHERE e.evaluation_id = $1 AND e.code = r.code)
     ON CONFLICT (evaluation_id, code) DO UPDATE SET target = EXCLUDED.target, actual = EXCLUDED.actual, self_score = EXCLUDED.self_score,
       deviation_reason = EXCLUDED.deviation_reason, updated_by = EXCLUDED.updated_by, updated_at = now(),
       self_version = EXCLUDED.self_version, self_updated_by = EXCLUDED.self_updated_by, self_updated_at = EXCLUDED.self_updated_at
       WHERE x.self_version + 1 = EXCLUDED.self_version
     RETURNING x.code`,
    [
      evaluationId,
      JSON.stringify(
        entries.map((e) => ({
          code: e.code,
          target: e.target,
          actual: e.actual,
          self_score: e.selfScore,
          deviation_reason: e.deviationReason,
          expected_version: e.expectedVersion,
        })),
      ),
      userId,
    ],
  );
  return rows.length;
}

/** What an indicator entry holds: the department's self-evaluation and the team's score (the lines the forms print, and why a score changed). */
export interface EntryValuesRow extends ScoreLine {
  changeReason: string | null;
}

/** Every entry of the evaluation with the score it had when the draft went out, for the indicator table. */
export function entryValues(runner: Queryable, evaluationId: string): Promise<(EntryValuesRow & { scoreAtDraft: number | null })[]> {
  return many(
    runner,
    `SELECT ${ENTRY_VALUES}, score_at_draft::float AS "scoreAtDraft" FROM evaluation_indicator_entries WHERE evaluation_id = $1`,
    [evaluationId],
  );
}

/** Every entry of the evaluation in code order, as an approval's snapshot keeps them. */
export function entrySnapshots(runner: Queryable, evaluationId: string): Promise<EntryValuesRow[]> {
  return many(runner, `SELECT ${ENTRY_VALUES} FROM evaluation_indicator_entries WHERE evaluation_id = $1 ORDER BY code`, [evaluationId]);
}

const ENTRY_VALUES = `code, target, actual, self_score::float AS "selfScore", deviation_reason AS "deviationReason", score::float AS score,
  deduction_reason AS "deductionReason", change_reason AS "changeReason"`;
