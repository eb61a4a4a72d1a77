import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { ledgerFilterSchema, ledgerQuerySchema, type AppAbility } from '@evalflow/domain';
import { CurrentAbility, RequirePermission } from '../../authz/decorators';
import { ApiErrors, ApiXlsxFile } from '../../common/api-errors.decorator';
import { RectificationLedgerChartsResponse, RectificationLedgerResponse } from '../../common/response-dtos';
import { workbookDownload } from '../../infrastructure/excel';
import { RectificationLedgerService } from './rectification-ledger.service';

class LedgerQueryDto extends createZodDto(ledgerQuerySchema) {}
class LedgerFilterDto extends createZodDto(ledgerFilterSchema) {}

/**
 * 整改台账: every rectification item the caller may read — one evaluation, a department, or a whole jurisdiction —
 * with the figures (整改完成率, overdue, days to close), the charts and the Excel export, all over one filter.
 */
@ApiTags('rectification')
@ApiBearerAuth()
@Controller('rectification-ledger')
export class RectificationLedgerController {
  constructor(private readonly ledger: RectificationLedgerService) {}

  @Get()
  @ZodResponse({ status: 200, type: RectificationLedgerResponse })
  @ApiErrors(400, 401)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '整改台账 The ledger lines the caller may read, a page at a time, with the figures of the whole filter' })
  page(@CurrentAbility() ability: AppAbility, @Query() query: LedgerQueryDto) {
    return this.ledger.page(ability, query);
  }

  @Get('charts')
  @ZodResponse({ status: 200, type: RectificationLedgerChartsResponse })
  @ApiErrors(400, 401)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '台账图表 Items by department and status, and the completion rate by fiscal year, for the same filter' })
  charts(@CurrentAbility() ability: AppAbility, @Query() query: LedgerFilterDto) {
    return this.ledger.charts(ability, query);
  }

  @Get('export.xlsx')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '导出整改台账 The filtered ledger as 整改台账.xlsx (at most 5,000 lines; 422 beyond)' })
  @ApiXlsxFile('整改台账 The ledger and its figures')
  @ApiErrors(400, 401, 422)
  async export(@CurrentAbility() ability: AppAbility, @Query() query: LedgerFilterDto): Promise<StreamableFile> {
    return workbookDownload(await this.ledger.workbook(ability, query), '整改台账.xlsx');
  }
}
