import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ALL_WORKFLOWS, waitingParties } from '@evalflow/workflow';

/**
 * Tasks are rows (issue 10 §3): one open task per record and party its state waits on (libs/workflow
 * waitingParties), kept by the workflow runner in the transaction of each transition and closed when the state moves
 * on. Who holds the task's relation (and its deadline) is read at query time, so team, owner and deadline changes
 * need no task update. Backfills the open tasks of the records that exist, from the definitions.
 */
export class WorkflowTasks1763960000000 implements MigrationInterface {
  name = 'WorkflowTasks1763960000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE workflow_tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type varchar(30) NOT NULL CHECK (subject_type IN ('evaluation','rectification_item','document_request')),
        subject_id uuid NOT NULL,
        evaluation_id uuid NOT NULL REFERENCES evaluations(id),
        state varchar(40) NOT NULL,
        relation varchar(30) NOT NULL
          CHECK (relation IN ('commissioning_bureau','jurisdiction','assigned_lead','assigned_member','evaluated_department','item_owner')),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        labels jsonb NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CONSTRAINT workflow_tasks_closed_after_opened CHECK (closed_at IS NULL OR closed_at >= opened_at)
      )`);
    // One open task per record and party; also how the runner finds a record's open tasks.
    await db.query(`CREATE UNIQUE INDEX workflow_tasks_open_subject_idx ON workflow_tasks (subject_type, subject_id, relation, roles) WHERE closed_at IS NULL`);
    // The inbox: open tasks of one relation, by evaluation (from the caller's evaluations, or all of the relation).
    await db.query(`CREATE INDEX workflow_tasks_open_relation_idx ON workflow_tasks (relation, evaluation_id) WHERE closed_at IS NULL`);
    await db.query(`CREATE INDEX workflow_tasks_evaluation_idx ON workflow_tasks (evaluation_id)`);

    const parties = ALL_WORKFLOWS.flatMap((definition) =>
      definition.states.flatMap((state) =>
        waitingParties(definition, state.id).map((party) => ({ workflow: definition.id, state: state.id, relation: party.relation, roles: party.roles, labels: party.labels })),
      ),
    );
    await db.query(
      `INSERT INTO workflow_tasks (subject_type, subject_id, evaluation_id, state, relation, roles, labels, opened_at)
       SELECT s.subject_type, s.subject_id, s.evaluation_id, s.state, p.relation, p.roles, p.labels, s.state_changed_at
       FROM (
         SELECT 'evaluation' AS subject_type, e.id AS subject_id, e.id AS evaluation_id, 'evaluation_' || e.kind AS workflow, e.state, e.state_changed_at FROM evaluations e
         UNION ALL
         SELECT 'rectification_item', ri.id, ri.evaluation_id, 'rectification_item', ri.state, ri.state_changed_at FROM rectification_items ri
         UNION ALL
         SELECT 'document_request', dr.id, dr.evaluation_id, 'document_request', dr.state, dr.state_changed_at FROM document_requests dr
       ) s
       JOIN jsonb_to_recordset($1::jsonb) AS p(workflow text, state text, relation text, roles text[], labels jsonb) ON p.workflow = s.workflow AND p.state = s.state`,
      [JSON.stringify(parties)],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE workflow_tasks`);
  }
}
