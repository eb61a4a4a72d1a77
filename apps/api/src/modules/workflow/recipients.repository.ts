import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Recipient } from '@evalflow/workflow';

export interface RecipientUser {
  id: string;
  displayName: string;
  email: string | null;
}

/**
 * Who stands in a relation to an evaluation, by role: the workflow names recipients as (relation, roles) and this
 * turns them into active users. Jurisdiction means the user's organisation's region is the department's region or
 * one above it (regions.path is the chain of codes from the root).
 */
const RELATION_SQL: Record<Exclude<Recipient['relation'], 'item_owner'>, string> = {
  commissioning_bureau: `u.organisation_id = e.commissioning_organisation_id`,
  evaluated_department: `u.organisation_id = e.department_id`,
  assigned_lead: `EXISTS (SELECT 1 FROM evaluation_team_members t WHERE t.evaluation_id = e.id AND t.user_id = u.id AND t.role = 'lead')`,
  assigned_member: `EXISTS (SELECT 1 FROM evaluation_team_members t WHERE t.evaluation_id = e.id AND t.user_id = u.id)`,
  jurisdiction: `EXISTS (SELECT 1 FROM organisations uo JOIN regions ur ON ur.id = uo.region_id JOIN organisations dept ON dept.id = e.department_id
      JOIN regions dr ON dr.id = dept.region_id WHERE uo.id = u.organisation_id AND (dr.path = ur.path OR dr.path LIKE ur.path || '/%'))`,
};

@Injectable()
export class RecipientsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forEvaluation(evaluationId: string, recipients: readonly Recipient[]): Promise<RecipientUser[]> {
    // Item owners are people of a rectification item, not of the evaluation: that lifecycle resolves them itself.
    const ofEvaluation = recipients.filter((recipient): recipient is Recipient & { relation: keyof typeof RELATION_SQL } => recipient.relation !== 'item_owner');
    if (ofEvaluation.length === 0) return [];
    const parts = ofEvaluation.map((recipient, index) => `(${RELATION_SQL[recipient.relation]} AND u.roles && $${index + 2}::text[])`);
    const params = [evaluationId, ...ofEvaluation.map((recipient) => [...recipient.roles])];
    return this.db.query(
      `SELECT DISTINCT u.id, u.display_name AS "displayName", u.email FROM users u JOIN organisations o ON o.id = u.organisation_id, evaluations e
       WHERE e.id = $1 AND u.active AND o.active AND (${parts.join(' OR ')}) ORDER BY u.display_name`,
      params,
    );
  }
}
