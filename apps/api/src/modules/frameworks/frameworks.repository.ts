import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { FrameworkNode, FrameworkTemplate } from '@evalflow/domain';
import { many, one, update, type Queryable } from '../../infrastructure/database/queryable';

export interface FrameworkVersionRecord {
  id: string;
  /** The family: all versions of one framework share it. */
  code: string;
  /** Assigned at publication; null for a draft. */
  version: number | null;
  name: string;
  scope: FrameworkTemplate['scope'];
  declaredLevel1Weights: Record<string, number> | null;
  nodes: FrameworkNode[];
  builtIn: boolean;
  organisationId: string | null;
  basedOnId: string | null;
  revision: number;
  publishedAt: string | null;
  updatedAt: string;
}

export interface DraftContent {
  name: string;
  scope: FrameworkTemplate['scope'];
  declaredLevel1Weights: Record<string, number> | null;
  nodes: readonly FrameworkNode[];
}

const COLUMNS = `id, code, version, name, scope, nodes, built_in AS "builtIn", organisation_id AS "organisationId",
  declared_level1_weights AS "declaredLevel1Weights", based_on_id AS "basedOnId", revision, published_at AS "publishedAt", updated_at AS "updatedAt"`;
type Row = Omit<FrameworkVersionRecord, 'publishedAt' | 'updatedAt'> & { publishedAt: Date | null; updatedAt: Date };
const toRecord = (row: Row): FrameworkVersionRecord => ({
  ...row,
  publishedAt: row.publishedAt ? new Date(row.publishedAt).toISOString() : null,
  updatedAt: new Date(row.updatedAt).toISOString(),
});

type Runner = Pick<EntityManager, 'query'>;

/**
 * framework_versions: published versions are immutable (the database refuses to change them); drafts are edited with
 * an optimistic revision check and become a version by `publish`.
 */
@Injectable()
export class FrameworksRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  /** Every published version, plus the drafts of the given organisations (a caller sees their own bureau's drafts). */
  async list(draftOrganisationIds: readonly string[]): Promise<FrameworkVersionRecord[]> {
    const rows = await many<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM framework_versions
       WHERE published_at IS NOT NULL OR organisation_id = ANY($1::uuid[])
       ORDER BY code, version DESC NULLS FIRST, updated_at DESC`,
      [draftOrganisationIds],
    );
    return rows.map(toRecord);
  }

  async findById(id: string, runner: Runner = this.db, lock = false): Promise<FrameworkVersionRecord | null> {
    const row = await one<Row>(runner, `SELECT ${COLUMNS} FROM framework_versions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ? toRecord(row) : null;
  }

  async createDraft(input: DraftContent & { code: string; organisationId: string; basedOnId: string | null; userId: string }): Promise<FrameworkVersionRecord> {
    const row = await one<Row>(
      this.db,
      `INSERT INTO framework_versions (code, version, name, scope, nodes, declared_level1_weights, built_in, organisation_id, based_on_id, created_by, updated_by)
       VALUES ($1, NULL, $2, $3, $4, $5, false, $6, $7, $8, $8) RETURNING ${COLUMNS}`,
      [input.code, input.name, input.scope, JSON.stringify(input.nodes), input.declaredLevel1Weights ? JSON.stringify(input.declaredLevel1Weights) : null, input.organisationId, input.basedOnId, input.userId],
    );
    return toRecord(row!);
  }

  /** Saves a draft if it is still a draft at `expectedRevision`; null otherwise (the caller decides 409 or 404). */
  async updateDraft(id: string, expectedRevision: number, content: DraftContent, userId: string): Promise<FrameworkVersionRecord | null> {
    const { rows } = await update<Row>(
      this.db,
      `UPDATE framework_versions SET name = $3, scope = $4, nodes = $5, declared_level1_weights = $6, updated_by = $7, updated_at = now(), revision = revision + 1
       WHERE id = $1 AND revision = $2 AND published_at IS NULL RETURNING ${COLUMNS}`,
      [id, expectedRevision, content.name, content.scope, JSON.stringify(content.nodes), content.declaredLevel1Weights ? JSON.stringify(content.declaredLevel1Weights) : null, userId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * Turns a locked draft into the next version of its family. A transaction-scoped advisory lock on the family code
   * serialises concurrent publications of one family, so version numbers are consecutive without retries.
   */
  async publish(runner: Runner, id: string, code: string, userId: string): Promise<FrameworkVersionRecord> {
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('framework:' || $1::text))`, [code]);
    const { rows } = await update<Row>(
      runner,
      `UPDATE framework_versions SET version = (SELECT coalesce(max(version), 0) + 1 FROM framework_versions WHERE code = $2::varchar),
         published_at = now(), updated_by = $3, updated_at = now(), revision = revision + 1
       WHERE id = $1 AND published_at IS NULL RETURNING ${COLUMNS}`,
      [id, code, userId],
    );
    return toRecord(rows[0]);
  }

  /** The organisations that own versions of a family (a family belongs to one bureau, or to nobody for built-ins). */
  async familyOwners(runner: Runner, code: string): Promise<(string | null)[]> {
    const rows = await many<{ organisationId: string | null }>(runner, `SELECT DISTINCT organisation_id AS "organisationId" FROM framework_versions WHERE code = $1`, [code]);
    return rows.map((row) => row.organisationId);
  }

  /**
   * Publishes a built-in template at boot: version 1 on first start; when the template in the code has changed
   * since (new rules, corrected texts), the next version, so evaluations commissioned earlier keep theirs. Concurrent
   * starts are serialised by the advisory lock and compare against the latest version inside it.
   */
  async ensureBuiltIn(template: FrameworkTemplate): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('framework:' || $1::text))`, [template.code]);
      const [latest] = await manager.query(
        `SELECT nodes, declared_level1_weights AS "declared", name, version FROM framework_versions WHERE code = $1 AND built_in AND published_at IS NOT NULL ORDER BY version DESC LIMIT 1`,
        [template.code],
      );
      const declared = template.declaredLevel1Weights ?? null;
      // jsonb normalises key order, so compare parsed values, not strings.
      if (latest && latest.name === template.name && sameJson(latest.nodes, template.nodes) && sameJson(latest.declared, declared)) return;
      await manager.query(
        `INSERT INTO framework_versions (code, version, name, scope, nodes, declared_level1_weights, built_in, published_at)
         VALUES ($1::varchar, (SELECT coalesce(max(version), 0) + 1 FROM framework_versions WHERE code = $1::varchar), $2, $3, $4, $5, true, now())`,
        [template.code, template.name, template.scope, JSON.stringify(template.nodes), declared ? JSON.stringify(declared) : null],
      );
    });
  }
}

/** Structural equality of JSON values, key order ignored. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The indicator tree of a framework version (none for an evaluation without one). */
export async function frameworkNodesOf(runner: Queryable, frameworkVersionId: string | null): Promise<FrameworkNode[]> {
  if (!frameworkVersionId) return [];
  return (await one<{ nodes: FrameworkNode[] }>(runner, `SELECT nodes FROM framework_versions WHERE id = $1`, [frameworkVersionId]))?.nodes ?? [];
}
