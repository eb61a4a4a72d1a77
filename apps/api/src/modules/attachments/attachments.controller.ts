import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { attachmentSubjectQuerySchema, withdrawAttachmentSchema, type AppAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { AttachmentListResponse, AttachmentResponse } from '../../common/response-dtos';
import { contentDisposition } from '../../infrastructure/storage/file-names';
import { AttachmentsService } from './attachments.service';

class AttachmentSubjectQueryDto extends createZodDto(attachmentSubjectQuerySchema) {}
class WithdrawAttachmentDto extends createZodDto(withdrawAttachmentSchema) {}

const multipartBody = (many: boolean) =>
  ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: many ? { type: 'array', items: { type: 'string', format: 'binary' } } : { type: 'string', format: 'binary' } },
    },
  });

/**
 * 附件: files attached to a document-request item, a finding, the department's answer to a finding, a working paper
 * or a rectification item. Every route asks the record's policy (attachment-subjects.ts): 404 when the caller may
 * not read the record, 403/409 when uploading or withdrawing is not theirs or not now. Files are never deleted.
 */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get()
  @ZodResponse({ status: 200, type: AttachmentListResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '附件列表 The files attached to a record: current, superseded and withdrawn, newest first' })
  async list(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Query() query: AttachmentSubjectQueryDto) {
    return { items: await this.attachments.list(user, ability, query.subjectType, query.subjectId) };
  }

  @Post()
  @ApiConsumes('multipart/form-data')
  @multipartBody(true)
  @ZodResponse({ status: 201, type: AttachmentListResponse })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 422, 503)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({
    summary: '上传附件 Upload one or more files (multipart fields `file`, streamed) to a record: 413 too large, 415 type not allowed or not matching its name, 422 empty/unsafe name/zip bomb',
  })
  async upload(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Query() query: AttachmentSubjectQueryDto, @Req() request: Request) {
    return { items: await this.attachments.upload(user, ability, query.subjectType, query.subjectId, request) };
  }

  @Get(':id')
  @ZodResponse({ status: 200, type: AttachmentResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '附件 One attached file (its record decides who may read it)' })
  get(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.attachments.get(user, ability, id);
  }

  @Get(':id/content')
  @ApiResponse({ status: 200, description: '文件内容 The bytes, always as a download (Content-Disposition: attachment), with nosniff', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400, 401, 403, 404, 409)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '下载附件 Download the file (checked against its record every time; 409 for a quarantined file)' })
  async content(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const file = await this.attachments.content(user, ability, id);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // Even a file that would render (a PDF, an image) is a download; the page's preview fetches it as a blob.
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(file.stream, { type: file.mediaType, disposition: contentDisposition(file.fileName), length: file.size });
  }

  @Post(':id/versions')
  @ApiConsumes('multipart/form-data')
  @multipartBody(false)
  @ZodResponse({ status: 201, type: AttachmentResponse })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 422, 503)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '替换附件 Upload a new version of a current file (multipart field `file`); the old one is kept as superseded' })
  newVersion(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Req() request: Request) {
    return this.attachments.newVersion(user, ability, id, request);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: AttachmentResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '撤回附件 Withdraw a current file with a reason (kept, still downloadable by readers)' })
  withdraw(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: WithdrawAttachmentDto) {
    return this.attachments.withdraw(user, ability, id, body.reason);
  }
}
