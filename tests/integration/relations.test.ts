import { RELATIONS } from '@evalflow/workflow';
import { DEMO_USERS } from '../../apps/api/src/modules/demo/demo-data';
import { AuthRepository } from '../../apps/api/src/modules/auth/auth.repository';
import { toAuthenticatedUser } from '../../apps/api/src/modules/auth/auth.service';
import { relationsOf, RELATION_SQL, SUBJECT_CONTEXT_SQL } from '../../apps/api/src/modules/workflow/engine/relations';
import { WorkflowRunner } from '../../apps/api/src/modules/workflow/engine/workflow-runner.service';
import type { AggregateType } from '../../apps/api/src/modules/workflow/workflow-history.repository';
import { createTestApp, type TestApp } from '../support/test-app';

/*
 * Relations written once (issue 10 §5): the TypeScript form (who the signed-in user is to a record: transitions,
 * actions) and the SQL form (who the users are that stand so: notices, reminders, the inbox) must agree for every
 * demo user, every relation and a record of each lifecycle — including an item with an owner.
 */
jest.setTimeout(180_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoEvaluations: true });
});
afterAll(async () => t?.close());

async function sqlRelations(type: AggregateType, id: string, userId: string): Promise<string[]> {
  const held: string[] = [];
  for (const relation of RELATIONS) {
    const [row] = await t.db.query(`SELECT EXISTS (SELECT 1 FROM users u, (${SUBJECT_CONTEXT_SQL[type]}) c WHERE u.id = $2 AND ${RELATION_SQL[relation]}) AS holds`, [id, userId]);
    if (row.holds) held.push(relation);
  }
  return held;
}

it('agree for every demo user on an evaluation, a rectification item with its owner, and a document request with and without one', async () => {
  const [evaluation] = await t.db.query(`SELECT id FROM evaluations WHERE state = 'rectification' AND kind = 'key'`);
  const [owned] = await t.db.query(`SELECT id FROM rectification_items WHERE owner_user_id IS NOT NULL`);
  const [unowned] = await t.db.query(`SELECT id FROM rectification_items WHERE owner_user_id IS NULL`);
  const [fieldwork] = await t.db.query(`SELECT id FROM evaluations WHERE state = 'fieldwork'`);
  const lead = (await t.db.query(`SELECT id FROM users WHERE username = 'eval.lead'`))[0].id;
  const [request] = await t.db.query(`INSERT INTO document_requests (evaluation_id, title, created_by) VALUES ($1, '会计凭证', $2) RETURNING id`, [fieldwork.id, lead]);
  // The demo's list is issued with the department's clerk as the owner of every item.
  const [ownedRequest] = await t.db.query(`SELECT id FROM document_requests WHERE owner_user_id IS NOT NULL LIMIT 1`);
  const [paper] = await t.db.query(`SELECT id FROM working_papers WHERE evaluation_id = $1 LIMIT 1`, [fieldwork.id]);
  const records: [AggregateType, string][] = [
    ['evaluation', evaluation.id],
    ['evaluation', fieldwork.id],
    ['rectification_item', owned.id],
    ['rectification_item', unowned.id],
    ['document_request', request.id],
    ['document_request', ownedRequest.id],
    ['working_paper', paper.id],
  ];
  const runner = t.app.get(WorkflowRunner);
  const auth = t.app.get(AuthRepository);
  let compared = 0;
  for (const [type, id] of records) {
    const record = (await runner.adapter(type).load(t.db, id, { lock: false }))!;
    for (const demo of DEMO_USERS) {
      const user = toAuthenticatedUser((await auth.loadActorByUsername(demo.username))!, 'relations-test');
      const inTypeScript = relationsOf(user, record.relationContext).sort();
      expect({ type, user: demo.username, relations: inTypeScript }).toEqual({ type, user: demo.username, relations: (await sqlRelations(type, id, user.id)).sort() });
      compared += 1;
    }
  }
  // Not an empty comparison: the owner holds item_owner, the team and the department theirs.
  expect(compared).toBe(records.length * DEMO_USERS.length);
  const owner = (await t.db.query(`SELECT u.username FROM rectification_items ri JOIN users u ON u.id = ri.owner_user_id WHERE ri.id = $1`, [owned.id]))[0].username;
  expect(await sqlRelations('rectification_item', owned.id, DEMO_USERS.find((u) => u.username === owner) && (await t.db.query(`SELECT id FROM users WHERE username = $1`, [owner]))[0].id)).toContain('item_owner');
  const staff = (await t.db.query(`SELECT id FROM users WHERE username = 'dept.staff'`))[0].id;
  expect(await sqlRelations('document_request', ownedRequest.id, staff)).toContain('item_owner');
  expect(await sqlRelations('document_request', request.id, staff)).not.toContain('item_owner');
});
