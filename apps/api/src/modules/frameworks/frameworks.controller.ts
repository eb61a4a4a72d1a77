import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { createFrameworkDraftSchema, publishFrameworkSchema, saveFrameworkDraftSchema, type AppAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors, ApiXlsxFile } from '../../common/api-errors.decorator';
import { FrameworkListResponse, FrameworkProblemsResponse, FrameworkVersionResponse } from '../../common/response-dtos';
import { ExcelUpload, workbookDownload, type UploadedExcelFile } from '../../infrastructure/excel';
import { FrameworksService } from './frameworks.service';

class CreateFrameworkDraftDto extends createZodDto(createFrameworkDraftSchema) {}
class SaveFrameworkDraftDto extends createZodDto(saveFrameworkDraftSchema) {}
class PublishFrameworkDto extends createZodDto(publishFrameworkSchema) {}

/**
 * Indicator frameworks (指标体系): published versions for everyone; drafts, validation, publication and Excel
 * exchange for the finance admins of the owning bureau. The route guard checks the coarse permission, the service
 * the record (a draft of another bureau is 404, a published version is never changed: 409).
 */
@ApiTags('frameworks')
@ApiBearerAuth()
@Controller('frameworks')
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  @Get()
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '指标体系 Published versions, and the drafts of the caller’s bureau when they may edit them' })
  @ZodResponse({ status: 200, type: FrameworkListResponse })
  @ApiErrors(401, 403)
  async list(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility) {
    return { items: await this.frameworks.list(user, ability) };
  }

  @Post('drafts')
  @RequirePermission('create', 'Framework')
  @ApiOperation({ summary: '新建草稿 Start a draft from a published version (or blank)' })
  @ZodResponse({ status: 201, type: FrameworkVersionResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  createDraft(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Body() body: CreateFrameworkDraftDto) {
    return this.frameworks.createDraft(user, ability, body);
  }

  @Post('import')
  @RequirePermission('create', 'Framework')
  @ExcelUpload()
  @ApiOperation({ summary: '导入 Excel → a new draft (422 with "第N行: …" issues for a bad workbook)' })
  @ZodResponse({ status: 201, type: FrameworkVersionResponse })
  @ApiErrors(400, 401, 403, 413, 422, 503)
  importWorkbook(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @UploadedFile() file: UploadedExcelFile | undefined) {
    return this.frameworks.importWorkbook(user, ability, file);
  }

  @Get(':id')
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '指标体系版本 One framework version with its tree and its problems' })
  @ZodResponse({ status: 200, type: FrameworkVersionResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.frameworks.get(ability, id);
  }

  @Put(':id')
  @RequirePermission('update', 'Framework')
  @ApiOperation({ summary: '保存草稿 Save a draft whole (expectedRevision); returns it with its problems' })
  @ZodResponse({ status: 200, type: FrameworkVersionResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  saveDraft(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SaveFrameworkDraftDto) {
    return this.frameworks.saveDraft(user, ability, id, body);
  }

  @Post(':id/validate')
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '校验 The problems that keep a version from being published (empty when valid)' })
  @ZodResponse({ status: 201, type: FrameworkProblemsResponse })
  @ApiErrors(400, 401, 403, 404)
  validate(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.frameworks.problems(ability, id);
  }

  @Post(':id/publish')
  @RequirePermission('update', 'Framework')
  @ApiOperation({ summary: '发布 Publish a draft as the next version (422 with the problems when it is not valid)' })
  @ZodResponse({ status: 201, type: FrameworkVersionResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  publish(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: PublishFrameworkDto) {
    return this.frameworks.publish(user, ability, id, body);
  }

  @Get(':id/export')
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '导出 Excel The version (published or draft) as an .xlsx workbook' })
  @ApiXlsxFile('指标体系工作簿 The framework version as a workbook')
  @ApiErrors(400, 401, 403, 404)
  async export(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    const { workbook, filename } = await this.frameworks.exportWorkbook(ability, id);
    return workbookDownload(workbook, filename);
  }
}
