import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppAbility } from '@evalflow/domain';
import { DOCUMENT_REQUEST } from '@evalflow/workflow';
import type { Queryable } from '../../infrastructure/database/queryable';
import type { AggregateAdapter, AggregateRecord } from '../workflow/engine/aggregate-adapter';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { assertItemReadable, itemRelationContext } from '../rectification/rectification-item.adapter';
import { DocumentRequestRepository, type DocumentRequestRow } from './document-request.repository';

export type DocumentRequestAggregate = DocumentRequestRow & AggregateRecord;

/** The item's owner (责任人) stands in `item_owner` to it: the owner and the department head answer it. */
export const asDocumentRequestAggregate = (row: DocumentRequestRow): DocumentRequestAggregate => ({ ...row, relationContext: itemRelationContext(row, row.ownerUserId) });

/** The document-request lifecycle (资料清单事项) in the engine: its own row is locked, never its evaluation's. */
@Injectable()
export class DocumentRequestAdapter implements AggregateAdapter<DocumentRequestAggregate>, OnModuleInit {
  readonly type = 'document_request' as const;
  readonly notFoundMessage = '资料清单事项不存在';

  constructor(
    private readonly requests: DocumentRequestRepository,
    private readonly runner: WorkflowRunner,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  definitionOf() {
    return DOCUMENT_REQUEST;
  }

  async load(runner: Queryable, id: string, options: { lock: boolean }): Promise<DocumentRequestAggregate | null> {
    const row = await this.requests.findById(runner, id, options.lock);
    return row ? asDocumentRequestAggregate(row) : null;
  }

  assertReadable(ability: AppAbility, record: DocumentRequestAggregate): void {
    assertItemReadable(ability, record);
  }

  facts(runner: Queryable, record: DocumentRequestAggregate) {
    return this.requests.facts(runner, record.id);
  }

  writeState(runner: Queryable, record: DocumentRequestAggregate, next: string): Promise<boolean> {
    return this.requests.setState(runner, record.id, record.version, next);
  }

  async snapshot(_runner: Queryable, record: DocumentRequestAggregate): Promise<unknown> {
    const { relationContext: _relations, team: _team, ...item } = record;
    return { documentRequest: item };
  }

}
