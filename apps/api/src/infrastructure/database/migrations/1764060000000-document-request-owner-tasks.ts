import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DOCUMENT_REQUEST, waitingParties } from '@evalflow/workflow';

/**
 * A 资料清单 item is answered by its owner (责任人) and the department head, no longer by every user of the department
 * (docs/materials.md). The open tasks of the items that wait on the department were made for the whole department:
 * they are made again from the definition as it is now, as the workflow runner's sync would (tasks no longer waited
 * on are closed, the missing ones opened, dated from the item's state change so 我的待办 keeps how long it has waited).
 * On a new database there are no items yet and nothing changes. `down` leaves the tasks as they are: they follow the
 * code, and the runner brings each item's tasks up to date at its next transition.
 */
export class DocumentRequestOwnerTasks1764060000000 implements MigrationInterface {
  name = 'DocumentRequestOwnerTasks1764060000000';

  async up(db: QueryRunner): Promise<void> {
    const parties = DOCUMENT_REQUEST.states.flatMap((state) =>
      waitingParties(DOCUMENT_REQUEST, state.id).map((party) => ({ state: state.id, relation: party.relation, roles: party.roles, labels: party.labels })),
    );
    const desired = `desired AS (
      SELECT dr.id AS subject_id, dr.evaluation_id, dr.state, dr.state_changed_at, p.relation, p.roles, p.labels
      FROM document_requests dr JOIN jsonb_to_recordset($1::jsonb) AS p(state text, relation text, roles text[], labels jsonb) ON p.state = dr.state)`;
    const same = `d.subject_id = t.subject_id AND d.state = t.state AND d.relation = t.relation AND d.roles = t.roles AND d.labels = t.labels`;
    // Closed first: an old task and a new one may share the open tasks' unique key (subject, relation, roles).
    await db.query(
      `WITH ${desired}
       UPDATE workflow_tasks t SET closed_at = GREATEST(now(), t.opened_at)
       WHERE t.subject_type = 'document_request' AND t.closed_at IS NULL AND NOT EXISTS (SELECT 1 FROM desired d WHERE ${same})`,
      [JSON.stringify(parties)],
    );
    await db.query(
      `WITH ${desired}
       INSERT INTO workflow_tasks (subject_type, subject_id, evaluation_id, state, relation, roles, labels, opened_at)
       SELECT 'document_request', d.subject_id, d.evaluation_id, d.state, d.relation, d.roles, d.labels, d.state_changed_at FROM desired d
       WHERE NOT EXISTS (SELECT 1 FROM workflow_tasks t WHERE t.subject_type = 'document_request' AND t.closed_at IS NULL AND ${same})`,
      [JSON.stringify(parties)],
    );
  }

  async down(): Promise<void> {
    // Nothing to undo: see above.
  }
}
