import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, StreamableFile, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import {
  REFERENCE_BUDGET_DATA,
  confirmProposalSchema,
  discardProposalSchema,
  putBudgetDataSchema,
  thresholdSetSchema,
  uuidSchema,
  type AppAbility,
} from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors, ApiXlsxFile } from '../../common/api-errors.decorator';
import { BudgetDataResponse, BudgetMetricsResponse, BudgetThresholdsResponse, ConfirmProposalResponse, ProposedFindingListResponse, ProposedFindingResponse } from '../../common/response-dtos';
import { ExcelUpload, workbookDownload, type UploadedExcelFile } from '../../infrastructure/excel';
import { BudgetService } from './budget.service';

class PutBudgetDataDto extends createZodDto(putBudgetDataSchema) {}
class ConfirmProposalDto extends createZodDto(confirmProposalSchema) {}
class DiscardProposalDto extends createZodDto(discardProposalSchema) {}
class ThresholdSetDto extends createZodDto(thresholdSetSchema) {}
class ThresholdQueryDto extends createZodDto(z.object({ regionId: uuidSchema })) {}

/**
 * 预算数据 of an evaluation: the data (JSON or Excel), its metrics and the proposed findings. Every route needs read
 * access to the evaluation (404 otherwise); writing is the department's in self-evaluation and the team's in
 * fieldwork and adjudication (403 / 409 otherwise), deciding proposals follows the findings rules.
 */
@ApiTags('budget')
@ApiBearerAuth()
@Controller('evaluations/:id')
export class BudgetDataController {
  constructor(private readonly budget: BudgetService) {}

  @Get('budget-data')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '预算数据 The budget data document (amounts as decimal strings in its unit) and its version' })
  @ZodResponse({ status: 200, type: BudgetDataResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.budget.getData(user, ability, id);
  }

  @Put('budget-data')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '保存预算数据 Save the budget data ({expectedVersion, data}); 422 with the field paths when invalid' })
  @ZodResponse({ status: 200, type: BudgetDataResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  put(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: PutBudgetDataDto) {
    return this.budget.putData(user, ability, id, body.data, body.expectedVersion);
  }

  @Post('budget-data/import')
  @RequirePermission('read', 'Evaluation')
  @ExcelUpload()
  @ApiOperation({ summary: '导入 Replace the budget data from a workbook in the template layout (multipart field `file`)' })
  @ZodResponse({ status: 201, type: BudgetDataResponse })
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 503)
  async import(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @UploadedFile() file: UploadedExcelFile) {
    return this.budget.importWorkbook(user, ability, id, file);
  }

  @Get('budget-data/export.xlsx')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '导出 The budget data as a workbook in the template layout' })
  @ApiXlsxFile('预算数据工作簿 The budget data as a workbook')
  @ApiErrors(400, 401, 403, 404)
  async export(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string): Promise<StreamableFile> {
    const { workbook, filename } = await this.budget.exportWorkbook(user, ability, id);
    return workbookDownload(workbook, filename);
  }

  @Get('metrics')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '指标 Metrics, threshold flags, reported-figure differences, reconciliation, table sums and proposed findings' })
  @ZodResponse({ status: 200, type: BudgetMetricsResponse })
  @ApiErrors(400, 401, 403, 404)
  metrics(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.budget.metrics(user, ability, id);
  }

  @Get('proposed-findings')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '问题线索 The proposed findings the metrics made, with what was decided' })
  @ZodResponse({ status: 200, type: ProposedFindingListResponse })
  @ApiErrors(400, 401, 403, 404)
  async proposals(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.budget.proposals(user, ability, id) };
  }

  @Post('proposed-findings/:proposalId/confirm')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '确认 Confirm a proposed finding: a finding is created with its figures and deduction (idempotent)' })
  @ZodResponse({ status: 201, type: ConfirmProposalResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  confirm(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('proposalId', new ParseUUIDPipe()) proposalId: string,
    @Body() body: ConfirmProposalDto,
  ) {
    return this.budget.confirm(user, ability, id, proposalId, body);
  }

  @Post('proposed-findings/:proposalId/discard')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '舍弃 Discard a proposed finding with the reason' })
  @ZodResponse({ status: 201, type: ProposedFindingResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  discard(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('proposalId', new ParseUUIDPipe()) proposalId: string,
    @Body() body: DiscardProposalDto,
  ) {
    return this.budget.discard(user, ability, id, proposalId, body.reason);
  }
}

/** The template workbook and the thresholds per region (阈值设置). */
@ApiTags('budget')
@ApiBearerAuth()
@Controller()
export class BudgetSettingsController {
  constructor(private readonly budget: BudgetService) {}

  @Get('budget-data/template.xlsx')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '预算数据模板（含一份填写示例） The budget data workbook template, filled in with a worked example' })
  @ApiXlsxFile('预算数据模板 The template workbook')
  @ApiErrors(401, 403)
  template(): Promise<StreamableFile> {
    return workbookDownload(this.budget.templateWorkbook(REFERENCE_BUDGET_DATA.seed000), '预算数据模板.xlsx');
  }

  @Get('budget-thresholds')
  @RequirePermission('read', 'BudgetThreshold')
  @ApiOperation({ summary: '阈值 The region’s own thresholds, the effective ones (nearest region with a setting, else defaults) and the defaults' })
  @ZodResponse({ status: 200, type: BudgetThresholdsResponse })
  @ApiErrors(400, 401, 403)
  thresholds(@Query() query: ThresholdQueryDto) {
    return this.budget.thresholds(query.regionId);
  }

  @Put('budget-thresholds/:regionId')
  @RequirePermission('update', 'BudgetThreshold')
  @ApiOperation({ summary: '设置阈值 Set a region’s thresholds (finance users, their jurisdiction); proposals below it are recomputed' })
  @ZodResponse({ status: 200, type: BudgetThresholdsResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  setThresholds(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('regionId', new ParseUUIDPipe()) regionId: string, @Body() body: ThresholdSetDto) {
    return this.budget.setThresholds(user, ability, regionId, body.thresholds, body.expectedVersion);
  }
}
