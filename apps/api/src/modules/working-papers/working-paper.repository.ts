import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FindingEvidenceKind, WorkingPaperKind } from '@evalflow/domain';
import type { WorkingPaperFacts } from '@evalflow/workflow';
import { many, one, update, type Queryable } from '../../infrastructure/database/queryable';
import { EVALUATION_CONTEXT_COLUMNS, type EvaluationContextRow } from '../workflow/engine/evaluation-context.sql';

/** One working paper (工作底稿) with its evaluation's context. */
export interface WorkingPaperRow extends EvaluationContextRow {
  id: string;
  state: string;
  version: number;
  kind: WorkingPaperKind;
  title: string;
  paperDate: string;
  content: string | null;
  details: Record<string, unknown>;
  indicatorCodes: string[];
  findings: { id: string; seq: number; title: string }[];
  authorId: string;
  authorName: string;
  signedOffById: string | null;
  signedOffByName: string | null;
  signedOffAt: string | null;
  stateChangedAt: string;
  updatedAt: string;
}

const SELECT = `SELECT w.id, w.state, w.version, w.kind, w.title, to_char(w.paper_date, 'YYYY-MM-DD') AS "paperDate", w.content, w.details,
  w.indicator_codes AS "indicatorCodes",
  COALESCE((SELECT json_agg(json_build_object('id', f.id, 'seq', f.seq, 'title', f.title) ORDER BY f.seq)
    FROM working_paper_findings wf JOIN findings f ON f.id = wf.finding_id WHERE wf.working_paper_id = w.id), '[]') AS findings,
  w.author_id AS "authorId", au.display_name AS "authorName", so.actor_id AS "signedOffById", so.actor_name AS "signedOffByName",
  so.created_at AS "signedOffAt", w.state_changed_at AS "stateChangedAt", w.updated_at AS "updatedAt", ${EVALUATION_CONTEXT_COLUMNS}
  FROM working_papers w
  JOIN evaluations e ON e.id = w.evaluation_id
  JOIN organisations d ON d.id = e.department_id
  JOIN users au ON au.id = w.author_id
  -- Who signed it off (复核人) and when: the sign-off's history entry, the one record of it.
  LEFT JOIN LATERAL (SELECT h.actor_id, h.actor_name, h.created_at FROM workflow_history h
    WHERE h.aggregate_type = 'working_paper' AND h.aggregate_id = w.id AND h.action = 'sign_off' ORDER BY h.seq DESC LIMIT 1) so ON w.state = 'signed_off'`;

const iso = (value: Date | string) => new Date(value).toISOString();
const toRow = (row: WorkingPaperRow): WorkingPaperRow => ({
  ...row,
  signedOffAt: row.signedOffAt ? iso(row.signedOffAt) : null,
  stateChangedAt: iso(row.stateChangedAt),
  updatedAt: iso(row.updatedAt),
});

export interface WorkingPaperWrite {
  title: string;
  paperDate: string;
  content: string | null;
  details: object;
  indicatorCodes: string[];
}

/** A finding's citation as stored, with the cited record's name resolved (null when it is gone or not of the evaluation). */
export interface EvidenceRow {
  kind: FindingEvidenceKind;
  refId: string;
  note: string | null;
  title: string | null;
  detail: string | null;
}

/** The cited records of one evaluation, resolved: title and a short detail per (kind, id). */
const RESOLVE_REFS = `
  SELECT r.kind, r.ref_id AS "refId", r.note, r.position,
    CASE r.kind WHEN 'working_paper' THEN wp.title WHEN 'attachment' THEN a.file_name WHEN 'document_request' THEN dr.title END AS title,
    CASE r.kind WHEN 'working_paper' THEN wp.kind WHEN 'attachment' THEN a.media_type WHEN 'document_request' THEN dr.state END AS detail
  FROM refs r
  LEFT JOIN working_papers wp ON r.kind = 'working_paper' AND wp.id = r.ref_id AND wp.evaluation_id = $1
  LEFT JOIN attachments a ON r.kind = 'attachment' AND a.id = r.ref_id AND a.evaluation_id = $1
  LEFT JOIN document_requests dr ON r.kind = 'document_request' AND dr.id = r.ref_id AND dr.evaluation_id = $1`;

@Injectable()
export class WorkingPaperRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  /** With `lock`, the paper's own row only (FOR NO KEY UPDATE OF w): never its evaluation's. */
  async findById(runner: Queryable, id: string, lock = false): Promise<WorkingPaperRow | null> {
    const row = await one<WorkingPaperRow>(runner, `${SELECT} WHERE w.id = $1${lock ? ' FOR NO KEY UPDATE OF w' : ''}`, [id]);
    return row ? toRow(row) : null;
  }

  async listForEvaluation(evaluationId: string): Promise<WorkingPaperRow[]> {
    return (await many<WorkingPaperRow>(this.db, `${SELECT} WHERE w.evaluation_id = $1 ORDER BY w.paper_date DESC, w.created_at DESC, w.id`, [evaluationId])).map(toRow);
  }

  async create(runner: Queryable, evaluationId: string, kind: WorkingPaperKind, input: WorkingPaperWrite, userId: string): Promise<string> {
    const row = await one<{ id: string }>(
      runner,
      `INSERT INTO working_papers (evaluation_id, kind, title, paper_date, content, details, indicator_codes, author_id, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
      [evaluationId, kind, input.title, input.paperDate, input.content, JSON.stringify(input.details), input.indicatorCodes, userId],
    );
    return row!.id;
  }

  /** Sets the given columns if the paper is still at `expectedVersion`; false when it is not. */
  async updateContent(runner: Queryable, id: string, expectedVersion: number, input: Partial<WorkingPaperWrite>, userId: string): Promise<boolean> {
    const params: unknown[] = [id, expectedVersion, userId];
    const set = (column: string, value: unknown) => {
      params.push(value);
      return `${column} = $${params.length}`;
    };
    const sets = [
      input.title !== undefined ? set('title', input.title) : null,
      input.paperDate !== undefined ? set('paper_date', input.paperDate) : null,
      input.content !== undefined ? set('content', input.content) : null,
      input.details !== undefined ? set('details', JSON.stringify(input.details)) : null,
      input.indicatorCodes !== undefined ? set('indicator_codes', input.indicatorCodes) : null,
    ].filter((s): s is string => s !== null);
    const { count } = await update(
      runner,
      `UPDATE working_papers SET ${[...sets, 'updated_by = $3', 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE id = $1 AND version = $2`,
      params,
    );
    return count === 1;
  }

  /** The findings the paper supports, replaced. */
  async setFindings(runner: Queryable, id: string, findingIds: readonly string[]): Promise<void> {
    await runner.query(`DELETE FROM working_paper_findings WHERE working_paper_id = $1`, [id]);
    if (findingIds.length) {
      await runner.query(`INSERT INTO working_paper_findings (working_paper_id, finding_id) SELECT $1, unnest($2::uuid[])`, [id, [...findingIds]]);
    }
  }

  /** The given findings that are not the evaluation's. */
  async foreignFindings(runner: Queryable, evaluationId: string, findingIds: readonly string[]): Promise<string[]> {
    if (!findingIds.length) return [];
    const rows = await many<{ id: string }>(
      runner,
      `SELECT x.id FROM unnest($2::uuid[]) AS x(id) WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE f.id = x.id AND f.evaluation_id = $1)`,
      [evaluationId, [...findingIds]],
    );
    return rows.map((row) => row.id);
  }

  async facts(runner: Queryable, id: string, openStates: readonly string[]): Promise<WorkingPaperFacts> {
    const row = await one<WorkingPaperFacts>(
      runner,
      `SELECT e.state = ANY($2::text[]) AS "evaluationOpen" FROM working_papers w JOIN evaluations e ON e.id = w.evaluation_id WHERE w.id = $1`,
      [id, [...openStates]],
    );
    return row ?? { evaluationOpen: false };
  }

  async setState(runner: Queryable, id: string, expectedVersion: number, next: string): Promise<boolean> {
    const { count } = await update(
      runner,
      `UPDATE working_papers SET state = $3, state_changed_at = now(), updated_at = now(), version = version + 1 WHERE id = $1 AND version = $2`,
      [id, expectedVersion, next],
    );
    return count === 1;
  }

  /* 依据: what findings cite. */

  /** The evaluation of a finding, or null when there is no such finding. */
  async findingEvaluation(runner: Queryable, findingId: string): Promise<string | null> {
    return (await one<{ evaluationId: string }>(runner, `SELECT evaluation_id AS "evaluationId" FROM findings WHERE id = $1`, [findingId]))?.evaluationId ?? null;
  }

  /** The finding's citations in their order, each with the cited record's name (of the same evaluation). */
  async evidenceOf(runner: Queryable, evaluationId: string, findingId: string): Promise<EvidenceRow[]> {
    return many<EvidenceRow>(
      runner,
      `WITH refs AS (SELECT kind, ref_id, note, position FROM finding_evidence WHERE finding_id = $2)
       ${RESOLVE_REFS} ORDER BY r.position`,
      [evaluationId, findingId],
    );
  }

  /** The given references resolved against the evaluation: title null where a reference is not of it. */
  async resolveRefs(runner: Queryable, evaluationId: string, refs: readonly { kind: FindingEvidenceKind; refId: string }[]): Promise<EvidenceRow[]> {
    if (!refs.length) return [];
    return many<EvidenceRow>(
      runner,
      `WITH refs AS (SELECT x.kind, x.ref_id, NULL::text AS note, x.position FROM unnest($2::text[], $3::uuid[]) WITH ORDINALITY AS x(kind, ref_id, position))
       ${RESOLVE_REFS} ORDER BY r.position`,
      [evaluationId, refs.map((r) => r.kind), refs.map((r) => r.refId)],
    );
  }

  async replaceEvidence(runner: Queryable, findingId: string, items: readonly { kind: FindingEvidenceKind; refId: string; note: string | null }[], userId: string): Promise<void> {
    await runner.query(`DELETE FROM finding_evidence WHERE finding_id = $1`, [findingId]);
    if (!items.length) return;
    await runner.query(
      `INSERT INTO finding_evidence (finding_id, kind, ref_id, note, position, created_by)
       SELECT $1, x.kind, x.ref_id, x.note, x.position, $5 FROM unnest($2::text[], $3::uuid[], $4::text[]) WITH ORDINALITY AS x(kind, ref_id, note, position)`,
      [findingId, items.map((i) => i.kind), items.map((i) => i.refId), items.map((i) => i.note), userId],
    );
  }

  /** Locks the finding's row (its citations change under it) and answers its version, null when it is not the evaluation's. */
  async lockFinding(runner: Queryable, evaluationId: string, findingId: string): Promise<boolean> {
    return (await one(runner, `SELECT id FROM findings WHERE id = $1 AND evaluation_id = $2 FOR NO KEY UPDATE`, [findingId, evaluationId])) !== null;
  }
}
