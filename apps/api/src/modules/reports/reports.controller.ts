import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { reportCompareQuerySchema, reportTemplatePreviewQuerySchema, type AppAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { ReportComparisonResponse, ReportDocumentDetailResponse, ReportDocumentListResponse, ReportTemplatesResponse, ReportTemplateVersionResponse } from '../../common/response-dtos';
import { contentDisposition } from '../../infrastructure/storage/file-names';
import { DOCX_MEDIA_TYPE, ReportsService, type DocxFile } from './reports.service';

class ReportCompareQueryDto extends createZodDto(reportCompareQuerySchema) {}
class ReportTemplatePreviewQueryDto extends createZodDto(reportTemplatePreviewQuerySchema) {}

const DOCX_RESPONSE = ApiResponse({ status: 200, description: 'Word 文档 (.docx), as a download', content: { [DOCX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } });

function sendDocx(response: Response, file: DocxFile): StreamableFile {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Cache-Control', 'private, no-store');
  const options = { type: DOCX_MEDIA_TYPE, disposition: contentDisposition(file.fileName), length: file.size || undefined };
  return file.stream ? new StreamableFile(file.stream, options) : new StreamableFile(file.bytes!, options);
}

/**
 * 评价报告: the versions of an evaluation's report (each draft issued for comment, each final approval), each with
 * the model it prints and its .docx, and the differences between two. Readable by whoever reads the evaluation's
 * review work: the department from the draft for comment on (403 before), others as the evaluation (404).
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('evaluations/:id/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ZodResponse({ status: 200, type: ReportDocumentListResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '报告版本 Every issued version of the report (draft n, final), newest first, with its rendering status' })
  async list(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.reports.list(user, ability, id) };
  }

  @Get('compare')
  @ZodResponse({ status: 200, type: ReportComparisonResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '版本比较 What changed from one version to another: scores with their change reasons, findings added/revised/withdrawn, total and grade' })
  compare(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: ReportCompareQueryDto) {
    return this.reports.compare(user, ability, id, query.from, query.to);
  }

  @Get(':docId')
  @ZodResponse({ status: 200, type: ReportDocumentDetailResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '报告版本 One version with the report model it prints' })
  get(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Param('docId', new ParseUUIDPipe()) docId: string) {
    return this.reports.get(user, ability, id, docId);
  }

  @Get(':docId/docx')
  @DOCX_RESPONSE
  @ApiErrors(400, 401, 403, 404, 409)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '下载报告 The version as a Word document (409 while it is still rendering or when it failed)' })
  async docx(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('docId', new ParseUUIDPipe()) docId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return sendDocx(response, await this.reports.docx(user, ability, id, docId));
  }

  @Get(':docId/pdf')
  @ApiResponse({ status: 200, description: 'PDF, as a download', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '下载报告 PDF The version as a PDF (a final report once printed; 404 when it has none)' })
  async pdf(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('docId', new ParseUUIDPipe()) docId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.reports.pdf(user, ability, id, docId);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(file.stream!, { type: 'application/pdf', disposition: contentDisposition(file.fileName) });
  }
}

/**
 * 报告模板: a finance bureau's own Word template for its evaluations' reports, uploaded by its 绩效科负责人 and
 * versioned; unknown placeholders are refused by name. The built-in template and the placeholder list for a start.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('report-templates')
export class ReportTemplatesController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ZodResponse({ status: 200, type: ReportTemplatesResponse })
  @ApiErrors(401, 403)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '报告模板 The bureau’s template versions, newest first, and every placeholder a template may use' })
  list(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility) {
    return this.reports.templateList(user, ability);
  }

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ZodResponse({ status: 201, type: ReportTemplateVersionResponse })
  @ApiErrors(400, 401, 403, 413, 415, 422)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '上传报告模板 A new version of the bureau’s template (.docx, multipart field `file`): 422 naming unknown placeholders' })
  upload(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Req() request: Request) {
    return this.reports.uploadTemplate(user, ability, request);
  }

  @Get('builtin/docx')
  @DOCX_RESPONSE
  @ApiErrors(401, 403)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '内置模板 The built-in template as a .docx, to start a bureau template from' })
  async builtin(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    return sendDocx(response, await this.reports.templateDocx(user, ability, null));
  }

  @Get('preview')
  @DOCX_RESPONSE
  @ApiErrors(400, 401, 403, 404, 422)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '模板预览 A template version (none: the built-in one) filled with an evaluation’s data as it stands, as a draft' })
  async preview(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Query() query: ReportTemplatePreviewQueryDto, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    return sendDocx(response, await this.reports.preview(user, ability, query.evaluationId, query.versionId));
  }

  @Get(':versionId/docx')
  @DOCX_RESPONSE
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '下载模板 One version of the bureau’s template as uploaded' })
  async versionDocx(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('versionId', new ParseUUIDPipe()) versionId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return sendDocx(response, await this.reports.templateDocx(user, ability, versionId));
  }
}
