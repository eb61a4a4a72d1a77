import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { createDocumentRequestSchema, transitionRequestSchema, updateDocumentRequestSchema, type AppAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { DocumentRequestListResponse, DocumentRequestResponse, EvaluationActionsResponse, EvaluationHistoryResponse } from '../../common/response-dtos';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { DocumentRequestsService } from './document-requests.service';

class CreateDocumentRequestDto extends createZodDto(createDocumentRequestSchema) {}
class UpdateDocumentRequestDto extends createZodDto(updateDocumentRequestSchema) {}
class TransitionRequestDto extends createZodDto(transitionRequestSchema) {}

/**
 * 资料清单: the team's requests for materials and the department's answers, each item on its own lifecycle through
 * the same engine and routes as an evaluation. Every route needs read access to the evaluation (404 otherwise).
 */
@ApiTags('document-requests')
@ApiBearerAuth()
@Controller()
export class DocumentRequestsController {
  constructor(
    private readonly requests: DocumentRequestsService,
    private readonly runner: WorkflowRunner,
  ) {}

  @Get('evaluations/:id/document-requests')
  @ZodResponse({ status: 200, type: DocumentRequestListResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '资料清单 The document request items of an evaluation' })
  async list(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.requests.listForEvaluation(ability, id) };
  }

  @Post('evaluations/:id/document-requests')
  @ZodResponse({ status: 201, type: DocumentRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '提出资料需求 The assigned team adds an item to the list during fieldwork (403/409 otherwise)' })
  create(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateDocumentRequestDto) {
    return this.requests.create(user, ability, id, body);
  }

  @Get('document-requests/:id')
  @ZodResponse({ status: 200, type: DocumentRequestResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '资料清单事项 One document request item' })
  get(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.requests.get(ability, id);
  }

  @Patch('document-requests/:id')
  @ZodResponse({ status: 200, type: DocumentRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '登记提供的资料 The department records what it provides (expectedVersion)' })
  update(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateDocumentRequestDto) {
    return this.requests.update(user, ability, id, body);
  }

  @Post('document-requests/:id/transitions')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: DocumentRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '流转 Fire a document-request action: 403 not yours, 409 version or state, 422 guards failed (listed)' })
  async transition(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: TransitionRequestDto) {
    await this.runner.fire('document_request', user, ability, id, body);
    return this.requests.get(ability, id);
  }

  @Get('document-requests/:id/actions')
  @ZodResponse({ status: 200, type: EvaluationActionsResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '可执行操作 What the caller may do now on the item, with the guards that block each action' })
  actions(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.runner.actions('document_request', user, ability, id);
  }

  @Get('document-requests/:id/history')
  @ZodResponse({ status: 200, type: EvaluationHistoryResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '流转记录 The item’s append-only history, oldest first' })
  async history(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.runner.historyOf('document_request', ability, id) };
  }
}
