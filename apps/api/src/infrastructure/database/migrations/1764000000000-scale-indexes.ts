import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes found with EXPLAIN (ANALYZE, BUFFERS) at a province's scale (issue 15; `npm run -s bench -- inbox`,
 * docs/benchmarks.md): the evaluation list is read in the order fiscal year, creation, id, from the whole table
 * (a province-wide auditor or finance bureau) or from one commissioning bureau's or department's evaluations; the
 * teams are read by member; the open tasks of the department relations by evaluation. Listed as data so the
 * benchmark can measure the same queries without and with them in one run.
 */
export const SCALE_INDEXES: readonly { name: string; create: string }[] = [
  {
    name: 'evaluations_list_order_idx',
    create: 'CREATE INDEX IF NOT EXISTS evaluations_list_order_idx ON evaluations (fiscal_year DESC, created_at DESC, id)',
  },
  {
    name: 'evaluations_commissioning_order_idx',
    create: 'CREATE INDEX IF NOT EXISTS evaluations_commissioning_order_idx ON evaluations (commissioning_organisation_id, fiscal_year DESC, created_at DESC, id)',
  },
  {
    name: 'evaluations_department_order_idx',
    create: 'CREATE INDEX IF NOT EXISTS evaluations_department_order_idx ON evaluations (department_id, fiscal_year DESC, created_at DESC, id)',
  },
  {
    name: 'deadlines_active_subject_idx',
    create: "CREATE INDEX IF NOT EXISTS deadlines_active_subject_idx ON deadlines (subject_type, subject_id, due_on) WHERE status = 'active'",
  },
];

export class ScaleIndexes1764000000000 implements MigrationInterface {
  name = 'ScaleIndexes1764000000000';

  async up(db: QueryRunner): Promise<void> {
    for (const index of SCALE_INDEXES) await db.query(index.create);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of [...SCALE_INDEXES].reverse()) await db.query(`DROP INDEX IF EXISTS ${index.name}`);
  }
}
