import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BudgetDataDocument, ProposalStatus, ProposedFindingDraft, ProposedFindingDto, SelfReportedLine, ThresholdInput } from '@evalflow/domain';
import { one, updatedCount, type Queryable } from '../../infrastructure/database/queryable';

export interface StoredBudgetData {
  document: BudgetDataDocument;
  version: number;
  updatedAt: string;
}

export type ProposedFindingRecord = ProposedFindingDto;

const PROPOSAL_COLUMNS = `p.id, p.evaluation_id AS "evaluationId", p.metric, nullif(p.subject, '') AS subject, p.status, p.category, p.title, p.description,
  p.figures, p.indicator_code AS "indicatorCode", p.suggested_deduction::float AS "suggestedDeduction", p.document_request_id AS "documentRequestId", p.discard_reason AS "discardReason",
  p.decided_by AS "decidedBy", p.decided_at AS "decidedAt", f.id AS "findingId", p.version`;

const toProposal = (row: ProposedFindingRecord & { decidedAt: Date | string | null }): ProposedFindingRecord => ({
  ...row,
  decidedAt: row.decidedAt ? new Date(row.decidedAt).toISOString() : null,
});

/** The figure a proposal quotes; a discarded proposal is reopened only when this changes. */
const sameFigures = (a: ProposedFindingDraft['figures'], b: ProposedFindingDraft['figures']) => a.value === b.value && a.numerator === b.numerator && a.denominator === b.denominator;

@Injectable()
export class BudgetRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async findData(evaluationId: string, runner: Queryable = this.db): Promise<StoredBudgetData | null> {
    const [row] = await runner.query(`SELECT document, version, updated_at AS "updatedAt" FROM evaluation_budget_data WHERE evaluation_id = $1`, [evaluationId]);
    return row ? { document: row.document, version: row.version, updatedAt: new Date(row.updatedAt).toISOString() } : null;
  }

  /** The self-evaluation form's lines whose indicator is bound to a budget metric, with the actual the department gave. */
  async selfReportedLines(evaluationId: string, runner: Queryable = this.db): Promise<SelfReportedLine[]> {
    return runner.query(
      `SELECT n->>'code' AS code, n->>'name' AS name, n->'scoring'->>'metric' AS metric, x.actual
       FROM evaluations e JOIN framework_versions fv ON fv.id = e.framework_version_id CROSS JOIN LATERAL jsonb_array_elements(fv.nodes) n
       JOIN evaluation_indicator_entries x ON x.evaluation_id = e.id AND x.code = n->>'code'
       WHERE e.id = $1 AND n->'scoring'->>'kind' = 'metric' AND btrim(coalesce(x.actual, '')) <> ''
       ORDER BY n->>'code'`,
      [evaluationId],
    );
  }

  /** Writes the document if the stored version is still `expectedVersion` (0: nothing stored yet); false otherwise. */
  async saveData(runner: Queryable, evaluationId: string, document: BudgetDataDocument, expectedVersion: number, userId: string): Promise<boolean> {
    if (expectedVersion === 0) {
      const rows = await runner.query(
        `INSERT INTO evaluation_budget_data (evaluation_id, document, updated_by) VALUES ($1, $2, $3) ON CONFLICT (evaluation_id) DO NOTHING RETURNING version`,
        [evaluationId, JSON.stringify(document), userId],
      );
      return rows.length === 1;
    }
    const result = await runner.query(
      `UPDATE evaluation_budget_data SET document = $2, version = version + 1, updated_by = $4, updated_at = now() WHERE evaluation_id = $1 AND version = $3 RETURNING version`,
      [evaluationId, JSON.stringify(document), expectedVersion, userId],
    );
    return updatedCount(result) > 0;
  }

  /** The setting of the nearest region at or above `regionId` that has one; null: the domain defaults apply. */
  async effectiveThresholds(regionId: string, runner: Queryable = this.db): Promise<{ regionId: string; regionName: string; thresholds: ThresholdInput[] } | null> {
    const [row] = await runner.query(
      `SELECT t.region_id AS "regionId", r.name AS "regionName", t.thresholds
       FROM budget_thresholds t JOIN regions r ON r.id = t.region_id, regions target
       WHERE target.id = $1 AND (target.path = r.path OR target.path LIKE r.path || '/%')
       ORDER BY r.level DESC LIMIT 1`,
      [regionId],
    );
    return row ?? null;
  }

  async ownThresholds(regionId: string, runner: Queryable = this.db): Promise<{ thresholds: ThresholdInput[]; version: number; updatedAt: string } | null> {
    const [row] = await runner.query(`SELECT thresholds, version, updated_at AS "updatedAt" FROM budget_thresholds WHERE region_id = $1`, [regionId]);
    return row ? { thresholds: row.thresholds, version: row.version, updatedAt: new Date(row.updatedAt).toISOString() } : null;
  }

  async saveThresholds(runner: Queryable, regionId: string, thresholds: ThresholdInput[], expectedVersion: number, userId: string): Promise<boolean> {
    if (expectedVersion === 0) {
      const rows = await runner.query(
        `INSERT INTO budget_thresholds (region_id, thresholds, updated_by) VALUES ($1, $2, $3) ON CONFLICT (region_id) DO NOTHING RETURNING version`,
        [regionId, JSON.stringify(thresholds), userId],
      );
      return rows.length === 1;
    }
    const result = await runner.query(
      `UPDATE budget_thresholds SET thresholds = $2, version = version + 1, updated_by = $4, updated_at = now() WHERE region_id = $1 AND version = $3 RETURNING version`,
      [regionId, JSON.stringify(thresholds), expectedVersion, userId],
    );
    return updatedCount(result) > 0;
  }

  /** Evaluations with budget data whose department sits in the region or below it (their proposals follow its thresholds). */
  async evaluationsWithDataUnder(runner: Queryable, regionId: string): Promise<string[]> {
    const rows = await runner.query(
      `SELECT b.evaluation_id AS id FROM evaluation_budget_data b
       JOIN evaluations e ON e.id = b.evaluation_id JOIN organisations d ON d.id = e.department_id JOIN regions dr ON dr.id = d.region_id,
       regions r WHERE r.id = $1 AND (dr.path = r.path OR dr.path LIKE r.path || '/%') ORDER BY b.evaluation_id`,
      [regionId],
    );
    return rows.map((row: { id: string }) => row.id);
  }

  async proposals(evaluationId: string, runner: Queryable = this.db): Promise<ProposedFindingRecord[]> {
    const rows = await runner.query(
      `SELECT ${PROPOSAL_COLUMNS} FROM proposed_findings p LEFT JOIN findings f ON f.proposed_finding_id = p.id
       WHERE p.evaluation_id = $1 ORDER BY p.created_at, p.metric, p.subject`,
      [evaluationId],
    );
    return rows.map(toProposal);
  }

  async proposalForUpdate(runner: Queryable, evaluationId: string, proposalId: string): Promise<ProposedFindingRecord | null> {
    const rows = await runner.query(`SELECT id FROM proposed_findings WHERE id = $1 AND evaluation_id = $2 FOR UPDATE`, [proposalId, evaluationId]);
    if (!rows.length) return null;
    const [row] = await runner.query(`SELECT ${PROPOSAL_COLUMNS} FROM proposed_findings p LEFT JOIN findings f ON f.proposed_finding_id = p.id WHERE p.id = $1`, [proposalId]);
    return toProposal(row);
  }

  /**
   * Brings the stored proposals in line with the drafts the metrics propose now: new ones are inserted; an open one
   * takes the new text; a discarded one stays discarded with its reason unless its figure changed (then it is open
   * again); a confirmed one is history and is left alone; an open one no longer proposed becomes obsolete (and opens
   * again if it comes back).
   */
  async syncProposals(runner: Queryable, evaluationId: string, drafts: ProposedFindingDraft[]): Promise<void> {
    // The metrics' own proposals only: a 资料未提供 proposal follows its document-request item, not the budget data.
    const existing: { id: string; metric: string; subject: string; status: ProposalStatus; figures: ProposedFindingDraft['figures'] }[] = await runner.query(
      `SELECT id, metric, subject, status, figures FROM proposed_findings WHERE evaluation_id = $1 AND document_request_id IS NULL FOR UPDATE`,
      [evaluationId],
    );
    const byKey = new Map(existing.map((row) => [`${row.metric}|${row.subject}`, row]));
    const seen = new Set<string>();
    for (const draft of drafts) {
      const key = `${draft.metric}|${draft.subject ?? ''}`;
      seen.add(key);
      const row = byKey.get(key);
      const content = [draft.category, draft.title, draft.description, JSON.stringify(draft.figures), draft.indicatorCode, draft.suggestedDeduction];
      if (!row) {
        await runner.query(
          `INSERT INTO proposed_findings (evaluation_id, metric, subject, category, title, description, figures, indicator_code, suggested_deduction)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [evaluationId, draft.metric, draft.subject ?? '', ...content],
        );
        continue;
      }
      if (row.status === 'confirmed') continue;
      if (row.status === 'discarded' && sameFigures(row.figures, draft.figures)) continue;
      await runner.query(
        `UPDATE proposed_findings SET status = 'proposed', discard_reason = NULL, decided_by = NULL, decided_at = NULL,
           category = $2, title = $3, description = $4, figures = $5, indicator_code = $6, suggested_deduction = $7, version = version + 1, updated_at = now()
         WHERE id = $1`,
        [row.id, ...content],
      );
    }
    const gone = existing.filter((row) => row.status === 'proposed' && !seen.has(`${row.metric}|${row.subject}`)).map((row) => row.id);
    if (gone.length) await runner.query(`UPDATE proposed_findings SET status = 'obsolete', version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])`, [gone]);
  }

  async decide(runner: Queryable, proposalId: string, status: 'confirmed' | 'discarded', userId: string, reason: string | null): Promise<void> {
    await runner.query(
      `UPDATE proposed_findings SET status = $2, discard_reason = $3, decided_by = $4, decided_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
      [proposalId, status, reason, userId],
    );
  }

  /** The finding a confirmed proposal becomes (numbered after the evaluation's findings, like any other). */
  async insertFinding(
    runner: Queryable,
    evaluationId: string,
    proposal: ProposedFindingRecord,
    content: { title: string; description: string; deduction: number | null; causeAnalysis: string | null; recommendation: string | null },
    userId: string,
  ): Promise<string> {
    const [row] = await runner.query(
      `INSERT INTO findings (evaluation_id, seq, category, title, description, cause_analysis, recommendation, indicator_code, figures, deduction, proposed_finding_id, created_by)
       VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM findings WHERE evaluation_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        evaluationId,
        proposal.category,
        content.title,
        content.description,
        content.causeAnalysis,
        content.recommendation,
        proposal.indicatorCode,
        JSON.stringify(proposal.figures),
        content.deduction,
        proposal.id,
        userId,
      ],
    );
    return row.id;
  }
}

/** The stored budget data document of an evaluation, or null when there is none. */
export async function budgetDocumentOf(runner: Queryable, evaluationId: string): Promise<BudgetDataDocument | null> {
  return (await one<{ document: BudgetDataDocument }>(runner, `SELECT document FROM evaluation_budget_data WHERE evaluation_id = $1`, [evaluationId]))?.document ?? null;
}

/**
 * Did someone outside the evaluated department save the budget data last (the team's corrections in fieldwork)?
 * False when there is none.
 */
export async function budgetDataLastSavedOutside(runner: Queryable, evaluationId: string, departmentId: string): Promise<boolean> {
  const row = await one<{ corrected: boolean }>(
    runner,
    `SELECT u.organisation_id IS DISTINCT FROM $2::uuid AS corrected FROM evaluation_budget_data d LEFT JOIN users u ON u.id = d.updated_by WHERE d.evaluation_id = $1`,
    [evaluationId, departmentId],
  );
  return row?.corrected === true;
}
