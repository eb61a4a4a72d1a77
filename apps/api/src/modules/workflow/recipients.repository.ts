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
    const parts = recipients.map((recipient, index) => `(${RELATION_SQL[recipient.relation]} AND u.roles && $${index + 2}::text[])`);
    const params = [id, ...recipients.map((recipient) => [...recipient.roles])];
    return this.db.query(
      `SELECT DISTINCT u.id, u.display_name AS "displayName", u.email FROM users u JOIN organisations o ON o.id = u.organisation_id, (${SUBJECT_CONTEXT_SQL[type]}) c
       WHERE u.active AND o.active AND (${parts.join(' OR ')}) ORDER BY u.display_name`,
      params,
    );
  }

  forEvaluation(evaluationId: string, recipients: readonly Recipient[]): Promise<RecipientUser[]> {
    return this.forSubject('evaluation', evaluationId, recipients);
  }
}
