import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import {
  acceptDocumentRequestsSchema,
  createDocumentRequestSchema,
  issueDocumentRequestsSchema,
  transitionRequestSchema,
  updateDocumentRequestSchema,
  type AppAbility,
} from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors, ApiXlsxFile } from '../../common/api-errors.decorator';
import {
  AcceptDocumentRequestsResponse,
  DocumentRequestListResponse,
  DocumentRequestOwnerListResponse,
  DocumentRequestResponse,
  EvaluationActionsResponse,
  EvaluationHistoryResponse,
  IssueDocumentRequestsResponse,
} from '../../common/response-dtos';
import { workbookDownload } from '../../infrastructure/excel';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { DocumentRequestsService } from './document-requests.service';

class CreateDocumentRequestDto extends createZodDto(createDocumentRequestSchema) {}
class UpdateDocumentRequestDto extends createZodDto(updateDocumentRequestSchema) {}
class TransitionRequestDto extends createZodDto(transitionRequestSchema) {}
class IssueDocumentRequestsDto extends createZodDto(issueDocumentRequestsSchema) {}
class AcceptDocumentRequestsDto extends createZodDto(acceptDocumentRequestsSchema) {}

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

  @Post('evaluations/:id/document-requests/issue')
  @ZodResponse({ status: 201, type: IssueDocumentRequestsResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '按模板下发资料清单 The assigned team issues the list from a template in fieldwork: due dates in working days, owners in the department; items already issued are skipped' })
  issue(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: IssueDocumentRequestsDto) {
    return this.requests.issue(user, ability, id, body);
  }

  @Post('evaluations/:id/document-requests/accept')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: AcceptDocumentRequestsResponse })
  @ApiErrors(400, 401, 403, 404, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '批量确认 Accept several items at once, all or nothing: 422 lists every item that cannot be accepted (and why)' })
  accept(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: AcceptDocumentRequestsDto) {
    return this.requests.acceptMany(user, ability, id, body);
  }

  @Get('evaluations/:id/document-requests.xlsx')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '导出资料清单 The list as 资料清单.xlsx with each item’s status, files, reasons and who accepted it' })
  @ApiXlsxFile('资料清单 The document request list as a workbook')
  @ApiErrors(400, 401, 404)
  async export(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string): Promise<StreamableFile> {
    const { workbook, filename } = await this.requests.exportWorkbook(ability, id);
    return workbookDownload(workbook, filename);
  }

  @Get('evaluations/:id/document-requests/owners')
  @ZodResponse({ status: 200, type: DocumentRequestOwnerListResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '责任人 The evaluated department’s active users an item may be given to (the team and the department)' })
  owners(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.requests.owners(user, ability, id);
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
