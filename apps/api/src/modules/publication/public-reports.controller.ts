import { Controller, Get, Param, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { publicReportQuerySchema } from '@evalflow/domain';
import { Public } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { PublicReportDetailResponse, PublicReportPageResponse } from '../../common/response-dtos';
import { contentDisposition } from '../../infrastructure/storage/file-names';
import { PublicReportsService } from './public-reports.service';

class PublicReportQueryDto extends createZodDto(publicReportQuerySchema) {}

/**
 * 评价报告公开 (issue 12 §6): the only routes besides sign-in and health that answer without a token. Published
 * reports only; anything else is 404 (tests/integration/report-publication.test.ts checks every other route is 401).
 */
@ApiTags('public')
@Controller('public/reports')
export class PublicReportsController {
  constructor(private readonly reports: PublicReportsService) {}

  @Public()
  @Get()
  @ZodResponse({ status: 200, type: PublicReportPageResponse })
  @ApiErrors(400)
  @ApiOperation({ summary: '公开的评价报告 Published reports by fiscal year, region (and below) and department: conclusion, total, grade; no sign-in', security: [] })
  list(@Query() query: PublicReportQueryDto) {
    return this.reports.list(query);
  }

  @Public()
  @Get(':id')
  @ZodResponse({ status: 200, type: PublicReportDetailResponse })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: '公开的评价报告 One published report with its score table (评分表); 404 when not published; no sign-in', security: [] })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.reports.get(id);
  }

  @Public()
  @Get(':id/pdf')
  @ApiResponse({ status: 200, description: '评价报告PDF The final report as PDF (CJK fonts embedded)', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: '下载评价报告PDF The published final report’s PDF; 404 when not published or not made yet; no sign-in', security: [] })
  async pdf(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const file = await this.reports.pdf(id);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'public, max-age=300');
    return new StreamableFile(file.stream, { type: 'application/pdf', disposition: contentDisposition(file.fileName) });
  }
}
