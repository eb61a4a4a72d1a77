import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { createDocumentRequestTemplateSchema, documentRequestTemplateQuerySchema, updateDocumentRequestTemplateSchema, type AppAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { DocumentRequestTemplateListResponse, DocumentRequestTemplateResponse } from '../../common/response-dtos';
import { DocumentRequestTemplatesService } from './document-request-templates.service';

class CreateDocumentRequestTemplateDto extends createZodDto(createDocumentRequestTemplateSchema) {}
class UpdateDocumentRequestTemplateDto extends createZodDto(updateDocumentRequestTemplateSchema) {}
class DocumentRequestTemplateQueryDto extends createZodDto(documentRequestTemplateQuerySchema) {}

/**
 * 资料清单模板: the built-in template and each finance bureau's own, edited by the bureau's 绩效科负责人 (the same
 * people and rule as its indicator frameworks).
 */
@ApiTags('document-requests')
@ApiBearerAuth()
@Controller('document-request-templates')
export class DocumentRequestTemplatesController {
  constructor(private readonly templates: DocumentRequestTemplatesService) {}

  @Get()
  @ZodResponse({ status: 200, type: DocumentRequestTemplateListResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '资料清单模板 The templates the caller may use: built-in and their bureau’s; with evaluationId, the evaluation’s commissioning bureau’s' })
  async list(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Query() query: DocumentRequestTemplateQueryDto) {
    return { items: await this.templates.list(user, ability, query.evaluationId) };
  }

  @Post()
  @ZodResponse({ status: 201, type: DocumentRequestTemplateResponse })
  @ApiErrors(400, 401, 403, 409)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '复制内置模板 The finance admin copies the built-in template into the bureau’s own (one per bureau)' })
  create(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Body() body: CreateDocumentRequestTemplateDto) {
    return this.templates.create(user, ability, body);
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: DocumentRequestTemplateResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '资料清单模板 One template: the built-in one, or the caller’s bureau’s' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.templates.get(user, id);
  }

  @Put(':id')
  @ZodResponse({ status: 200, type: DocumentRequestTemplateResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '编辑资料清单模板 The finance admin rewrites the bureau’s template items (add, edit, remove, reorder; expectedVersion)' })
  update(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateDocumentRequestTemplateDto) {
    return this.templates.update(user, ability, id, body);
  }
}
