import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Covering indexes for the read paths at a province's scale (issue 15; EXPLAIN (ANALYZE, BUFFERS) at 50k
 * evaluations, docs/benchmarks.md): the counts and joins that only need an evaluation's department, state, year,
 * kind and commissioning bureau (the list's exact total for a jurisdiction, the inbox's department branch, the
 * ledger's figures) read them from `evaluations_department_scope_idx` instead of the 550-byte evaluation rows; the
 * ledger's figures and charts read an item's state and dates from `rectification_items_ledger_idx` (15 MB for 180k
 * items against the 93 MB table) and the plan deadline of each item from `deadlines_rectification_plan_idx`.
 * Index-only scans need the visibility map, which autovacuum keeps; `state` in the item index means a state change
 * of an item is no longer a HOT update (one index entry more per index and transition).
 */
export const READ_PATH_INDEXES: readonly { name: string; create: string }[] = [
  {
    name: 'evaluations_department_scope_idx',
    create:
      'CREATE INDEX IF NOT EXISTS evaluations_department_scope_idx ON evaluations (department_id) INCLUDE (id, state, fiscal_year, kind, commissioning_organisation_id)',
  },
  {
    name: 'rectification_items_ledger_idx',
    create: 'CREATE INDEX IF NOT EXISTS rectification_items_ledger_idx ON rectification_items (evaluation_id) INCLUDE (id, state, due_on, created_at, state_changed_at)',
  },
  {
    name: 'deadlines_rectification_plan_idx',
    create:
      "CREATE INDEX IF NOT EXISTS deadlines_rectification_plan_idx ON deadlines (subject_id) INCLUDE (due_on) WHERE subject_type = 'rectification_item' AND key = 'rectification_plan'",
  },
];

export class ReadPathIndexes1764020000000 implements MigrationInterface {
  name = 'ReadPathIndexes1764020000000';

  async up(db: QueryRunner): Promise<void> {
    for (const index of READ_PATH_INDEXES) await db.query(index.create);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of [...READ_PATH_INDEXES].reverse()) await db.query(`DROP INDEX IF EXISTS ${index.name}`);
  }
}
