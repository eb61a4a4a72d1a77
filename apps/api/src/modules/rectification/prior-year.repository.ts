import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PriorYearAssessment } from '@evalflow/domain';
import type { SqlFilter } from '../../authz/casl-to-sql';
import { many, one, update, type Queryable } from '../../infrastructure/database/queryable';

/** An earlier year's rectification item as the new evaluation's team sees it, with its assessment if made. */
export interface PriorYearItemRow {
  itemId: string;
  itemState: string;
  evaluationId: string;
  evaluationTitle: string;
  fiscalYear: number;
  findingId: string;
  findingSeq: number;
  findingTitle: string;
  findingDescription: string;
  category: string | null;
  measures: string | null;
  dueOn: string | null;
  followupId: string | null;
  assessment: PriorYearAssessment | null;
  note: string | null;
  newFindingId: string | null;
  newFindingSeq: number | null;
  assessedByName: string | null;
  assessedAt: string | null;
  followupVersion: number | null;
}

/** One link of a recurring problem's chain: a finding, and the rectification item it became (if it did yet). */
export interface ChainLinkRow {
  findingId: string;
  findingSeq: number;
  findingTitle: string;
  originItemId: string | null;
  evaluationId: string;
  evaluationTitle: string;
  fiscalYear: number;
  itemId: string | null;
  itemState: string | null;
  assessment: PriorYearAssessment | null;
  readable: boolean;
}

/*
 * The department's earlier items the new evaluation follows up: of its evaluations of earlier fiscal years, every item
 * not verified — open, in progress, partly rectified, carried over — unless an evaluation between already followed it
 * up (then that one's finding carries it on). Items this evaluation has assessed stay listed whatever their state now.
 */
const PRIOR_ITEMS_SQL = `
  SELECT ri.id AS "itemId", ri.state AS "itemState", e.id AS "evaluationId", e.title AS "evaluationTitle", e.fiscal_year AS "fiscalYear",
    f.id AS "findingId", f.seq AS "findingSeq", f.title AS "findingTitle", f.description AS "findingDescription", f.category,
    ri.measures, to_char(ri.due_on, 'YYYY-MM-DD') AS "dueOn",
    p.id AS "followupId", p.assessment, p.note, p.finding_id AS "newFindingId", nf.seq AS "newFindingSeq",
    u.display_name AS "assessedByName", p.assessed_at AS "assessedAt", p.version AS "followupVersion"
  FROM evaluations cur
  JOIN evaluations e ON e.department_id = cur.department_id AND e.fiscal_year < cur.fiscal_year
  JOIN rectification_items ri ON ri.evaluation_id = e.id
  JOIN findings f ON f.id = ri.finding_id
  LEFT JOIN prior_year_followups p ON p.evaluation_id = cur.id AND p.rectification_item_id = ri.id
  LEFT JOIN findings nf ON nf.id = p.finding_id
  LEFT JOIN users u ON u.id = p.assessed_by
  WHERE cur.id = $1
    AND (p.id IS NOT NULL OR (ri.state <> 'verified' AND NOT EXISTS (
      SELECT 1 FROM prior_year_followups op JOIN evaluations oe ON oe.id = op.evaluation_id
      WHERE op.rectification_item_id = ri.id AND op.evaluation_id <> cur.id AND oe.fiscal_year < cur.fiscal_year)))`;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * The items the evaluation follows up, oldest finding first within the latest year first: the list the team
 * assesses (GET …/prior-year-items) and the report's 上年度问题整改情况 section both read this one query.
 */
export async function priorYearItemsOf(runner: Queryable, evaluationId: string): Promise<PriorYearItemRow[]> {
  const rows = await many<PriorYearItemRow>(runner, `${PRIOR_ITEMS_SQL} ORDER BY e.fiscal_year DESC, f.seq, ri.id`, [evaluationId]);
  return rows.map((row) => ({ ...row, assessedAt: iso(row.assessedAt) }));
}

@Injectable()
export class PriorYearRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  items(runner: Queryable, evaluationId: string): Promise<PriorYearItemRow[]> {
    return priorYearItemsOf(runner, evaluationId);
  }

  async item(runner: Queryable, evaluationId: string, itemId: string): Promise<PriorYearItemRow | null> {
    const row = await one<PriorYearItemRow>(runner, `${PRIOR_ITEMS_SQL} AND ri.id = $2`, [evaluationId, itemId]);
    return row ? { ...row, assessedAt: iso(row.assessedAt) } : null;
  }

  /** Locks this evaluation's assessment of the item (if any) for the write that follows. */
  async lockFollowup(runner: Queryable, evaluationId: string, itemId: string): Promise<{ id: string; version: number; findingId: string | null } | null> {
    return one(runner, `SELECT id, version, finding_id AS "findingId" FROM prior_year_followups WHERE evaluation_id = $1 AND rectification_item_id = $2 FOR UPDATE`, [
      evaluationId,
      itemId,
    ]);
  }

  async insertFollowup(runner: Queryable, evaluationId: string, itemId: string, input: { assessment: PriorYearAssessment; note: string }, userId: string): Promise<string> {
    const row = await one<{ id: string }>(
      runner,
      `INSERT INTO prior_year_followups (evaluation_id, rectification_item_id, assessment, note, assessed_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [evaluationId, itemId, input.assessment, input.note, userId],
    );
    return row!.id;
  }

  async updateFollowup(runner: Queryable, id: string, expectedVersion: number, input: { assessment: PriorYearAssessment; note: string }, userId: string): Promise<boolean> {
    const { count } = await update(
      runner,
      `UPDATE prior_year_followups SET assessment = $3, note = $4, assessed_by = $5, assessed_at = now(), version = version + 1 WHERE id = $1 AND version = $2`,
      [id, expectedVersion, input.assessment, input.note, userId],
    );
    return count === 1;
  }

  async linkFinding(runner: Queryable, followupId: string, findingId: string): Promise<void> {
    await update(runner, `UPDATE prior_year_followups SET finding_id = $2 WHERE id = $1`, [followupId, findingId]);
  }

  /** The finding of the new evaluation that carries the item over: numbered after the others, naming its origin. */
  async insertCarriedFinding(
    runner: Queryable,
    evaluationId: string,
    itemId: string,
    content: { category: string | null; title: string; description: string; indicatorCode: string | null; deduction: number | null },
    userId: string,
  ): Promise<string> {
    const row = await one<{ id: string }>(
      runner,
      `INSERT INTO findings (evaluation_id, seq, category, title, description, indicator_code, deduction, origin_rectification_item_id, created_by)
       VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM findings WHERE evaluation_id = $1), $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [evaluationId, content.category, content.title, content.description, content.indicatorCode, content.deduction, itemId, userId],
    );
    return row!.id;
  }

  /** What the carried-over findings of this evaluation already deduct under one indicator (扣完为止 counts them). */
  async deductedUnder(runner: Queryable, evaluationId: string, indicatorCode: string): Promise<number> {
    const row = await one<{ total: number }>(
      runner,
      `SELECT coalesce(sum(deduction), 0)::float AS total FROM findings
       WHERE evaluation_id = $1 AND indicator_code = $2 AND origin_rectification_item_id IS NOT NULL AND adjudication IS DISTINCT FROM 'withdrawn'`,
      [evaluationId, indicatorCode],
    );
    return row?.total ?? 0;
  }

  async findingEvaluation(runner: Queryable, findingId: string): Promise<string | null> {
    return (await one<{ evaluationId: string }>(runner, `SELECT evaluation_id AS "evaluationId" FROM findings WHERE id = $1`, [findingId]))?.evaluationId ?? null;
  }

  /**
   * The chain of a recurring problem through `findingId`: back along each finding's origin item to the finding that
   * item came from, and forward to the findings that carried its item over, oldest year first. `readable` says whether
   * the caller may read that link's evaluation (a firm assigned this year need not read last year's).
   */
  async chain(runner: Queryable, findingId: string, permitted: Extract<SqlFilter, { kind: 'all' | 'where' }>): Promise<ChainLinkRow[]> {
    const params: unknown[] = permitted.kind === 'where' ? [...permitted.params] : [];
    params.push(findingId);
    const start = `$${params.length}`;
    const readable = permitted.kind === 'where' ? `(${permitted.sql})` : 'TRUE';
    return many<ChainLinkRow>(
      runner,
      `WITH RECURSIVE back(finding_id, depth) AS (
         SELECT ${start}::uuid, 0
         UNION
         SELECT oi.finding_id, b.depth + 1 FROM back b JOIN findings bf ON bf.id = b.finding_id
           JOIN rectification_items oi ON oi.id = bf.origin_rectification_item_id WHERE b.depth < 50
       ), forward(finding_id, depth) AS (
         SELECT ${start}::uuid, 0
         UNION
         SELECT nf.id, fw.depth + 1 FROM forward fw JOIN rectification_items fi ON fi.finding_id = fw.finding_id
           JOIN findings nf ON nf.origin_rectification_item_id = fi.id WHERE fw.depth < 50
       ), links AS (SELECT finding_id FROM back UNION SELECT finding_id FROM forward)
       SELECT f.id AS "findingId", f.seq AS "findingSeq", f.title AS "findingTitle", f.origin_rectification_item_id AS "originItemId",
         e.id AS "evaluationId", e.title AS "evaluationTitle", e.fiscal_year AS "fiscalYear",
         ri.id AS "itemId", ri.state AS "itemState",
         (SELECT p.assessment FROM prior_year_followups p WHERE p.finding_id = f.id) AS assessment,
         ${readable} AS readable
       FROM links l JOIN findings f ON f.id = l.finding_id
       JOIN evaluations e ON e.id = f.evaluation_id JOIN organisations d ON d.id = e.department_id
       LEFT JOIN rectification_items ri ON ri.finding_id = f.id
       ORDER BY e.fiscal_year, e.created_at, f.seq`,
      params,
    );
  }
}
