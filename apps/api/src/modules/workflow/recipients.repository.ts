import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Recipient } from '@evalflow/workflow';
import { RELATION_SQL, SUBJECT_CONTEXT_SQL } from './engine/relations';
import type { AggregateType } from './workflow-history.repository';

export interface RecipientUser {
  id: string;
  displayName: string;
  email: string | null;
}

/**
 * Who stands in a relation to a record, by role: the workflow names recipients as (relation, roles) and this turns
 * them into active users, through the engine's one SQL form of the relations (engine/relations.ts), for a record of
 * any lifecycle (a rectification item's owner included).
 */
@Injectable()
export class RecipientsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forSubject(type: AggregateType, id: string, recipients: readonly Recipient[]): Promise<RecipientUser[]> {
    if (recipients.length === 0) return [];
    // One branch per recipient, each with its own condition, so each reads its own index (the department's users by
    // organisation, the team by evaluation); one OR over all of them read every user and every team row (about
    // 100 ms per notice at a province's scale, docs/benchmarks.md).
    const branches = recipients.map(
      (recipient, index) => `SELECT u.id, u.display_name, u.email FROM users u JOIN organisations o ON o.id = u.organisation_id, c
       WHERE u.active AND o.active AND ${RELATION_SQL[recipient.relation]} AND u.roles && $${index + 2}::text[]`,
    );
    const params = [id, ...recipients.map((recipient) => [...recipient.roles])];
    return this.db.query(
      `WITH c AS MATERIALIZED (${SUBJECT_CONTEXT_SQL[type]})
       SELECT DISTINCT r.id, r.display_name AS "displayName", r.email FROM (${branches.join('\n       UNION ALL\n       ')}) r ORDER BY r.display_name`,
      params,
    );
  }

  forEvaluation(evaluationId: string, recipients: readonly Recipient[]): Promise<RecipientUser[]> {
    return this.forSubject('evaluation', evaluationId, recipients);
  }
}
