import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import {
  adjudicateFindingSchema,
  answerFindingSchema,
  createFindingSchema,
  saveScoresSchema,
  saveSelfEvaluationSchema,
  setReportNumberSchema,
  setReviewOpinionSchema,
  updateFindingSchema,
  type AppAbility,
} from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors, ApiXlsxFile } from '../../common/api-errors.decorator';
import { EvaluationResponse, FindingListResponse, FindingResponse, HandOverResponse, IndicatorsResponse, SelfEvaluationReportResponse } from '../../common/response-dtos';
import { EvaluationWorkService } from './evaluation-work.service';
import { FindingsService } from './findings.service';
import { IndicatorEntriesService } from './indicator-entries.service';
import { SelfEvaluationWorkService } from './self-evaluation-work.service';
import { workbookDownload } from '../../infrastructure/excel';

class SaveSelfEvaluationDto extends createZodDto(saveSelfEvaluationSchema) {}
class SaveScoresDto extends createZodDto(saveScoresSchema) {}
class CreateFindingDto extends createZodDto(createFindingSchema) {}
class UpdateFindingDto extends createZodDto(updateFindingSchema) {}
class AnswerFindingDto extends createZodDto(answerFindingSchema) {}
class AdjudicateFindingDto extends createZodDto(adjudicateFindingSchema) {}
class SetReportNumberDto extends createZodDto(setReportNumberSchema) {}
class SetReviewOpinionDto extends createZodDto(setReviewOpinionSchema) {}

/**
 * The work of each stage. Every route needs read access to the evaluation (404 otherwise); the service then checks
 * that the work is the caller's (403) and that the evaluation is in the stage where it is done (409).
 */
@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations/:id')
export class EvaluationWorkController {
  constructor(
    private readonly work: EvaluationWorkService,
    private readonly selfEvaluationWork: SelfEvaluationWorkService,
    private readonly indicatorEntries: IndicatorEntriesService,
    private readonly findingsWork: FindingsService,
  ) {}

  @Get('indicators')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '指标 The framework tree with targets, actuals, self-scores, (when visible to the caller) scores, rule scores, differences, and totals per level with grades' })
  @ZodResponse({ status: 200, type: IndicatorsResponse })
  @ApiErrors(400, 401, 403, 404)
  indicators(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.indicatorEntries.indicators(user, ability, id);
  }

  @Get('exports/self-evaluation.xlsx')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '导出自评表 The self-evaluation form as .xlsx (targets, actuals, self-scores, deviation reasons, total and grade)' })
  @ApiXlsxFile('自评表 The self-evaluation form as a workbook')
  @ApiErrors(400, 401, 403, 404)
  async exportSelfEvaluation(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    const { workbook, filename } = await this.indicatorEntries.exportForm(user, ability, id, 'self-evaluation');
    return workbookDownload(workbook, filename);
  }

  @Get('exports/scores.xlsx')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '导出评分表 The score table as .xlsx (scores, deductions and reasons, totals per level, grade; the department from the draft for comment on)' })
  @ApiXlsxFile('评分表 The score table as a workbook')
  @ApiErrors(400, 401, 403, 404)
  async exportScores(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    const { workbook, filename } = await this.indicatorEntries.exportForm(user, ability, id, 'scores');
    return workbookDownload(workbook, filename);
  }

  @Get('self-evaluation')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '自评报告 The self-evaluation report: narrative sections and budget figures (fen)' })
  @ZodResponse({ status: 200, type: SelfEvaluationReportResponse })
  @ApiErrors(400, 401, 403, 404)
  selfEvaluation(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.selfEvaluationWork.selfEvaluationReport(ability, id);
  }

  @Put('self-evaluation')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '填报自评 The department saves its self-evaluation form, budget figures and narrative (state self_evaluation); each indicator entry carries the expectedVersion it was loaded with (0 when new), a stale one → 409 VERSION_CONFLICT naming it in details.conflicts, nothing saved' })
  @ZodResponse({ status: 200, type: SelfEvaluationReportResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  saveSelfEvaluation(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SaveSelfEvaluationDto) {
    return this.selfEvaluationWork.saveSelfEvaluation(user, ability, id, body);
  }

  @Post('self-evaluation/hand-over')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '提请负责人审核 Department staff tell the head(s) that the filled self-evaluation is ready to approve and submit (422 while incomplete)' })
  @ZodResponse({ status: 201, type: HandOverResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  handOver(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.selfEvaluationWork.handOverSelfEvaluation(user, ability, id);
  }

  @Put('scores')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '评分 The team saves scores with deduction reasons (fieldwork; in adjudication a change needs changeReason); each score carries the expectedVersion it was loaded with (0 when new), a stale one → 409 VERSION_CONFLICT naming the indicator, its current value and who changed it when (details.conflicts), nothing saved' })
  @ZodResponse({ status: 200, type: IndicatorsResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  saveScores(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SaveScoresDto) {
    return this.indicatorEntries.saveScores(user, ability, id, body);
  }

  @Get('findings')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '存在的问题 The findings (the evaluated department from the draft for comment on; 403 before)' })
  @ZodResponse({ status: 200, type: FindingListResponse })
  @ApiErrors(400, 401, 403, 404)
  async findings(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.findingsWork.visibleFindings(user, ability, id) };
  }

  @Post('findings')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '存在的问题 Record a finding (team in fieldwork; bureau review opinions in a self-evaluation review)' })
  @ZodResponse({ status: 201, type: FindingResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  createFinding(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateFindingDto) {
    return this.findingsWork.createFinding(user, ability, id, body);
  }

  @Patch('findings/:findingId')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '修改问题 Change a finding (its author\'s side while the stage allows it); expectedVersion must match' })
  @ZodResponse({ status: 200, type: FindingResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  updateFinding(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('findingId', new ParseUUIDPipe()) findingId: string,
    @Body() body: UpdateFindingDto,
  ) {
    return this.findingsWork.updateFinding(user, ability, id, findingId, body);
  }

  @Put('findings/:findingId/answer')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '反馈意见 The department accepts or disputes a finding (draft for comment)' })
  @ZodResponse({ status: 200, type: FindingResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  answer(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('findingId', new ParseUUIDPipe()) findingId: string,
    @Body() body: AnswerFindingDto,
  ) {
    return this.findingsWork.answerFinding(user, ability, id, findingId, body);
  }

  @Put('findings/:findingId/adjudication')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '裁定 The team adjudicates an answer: upheld, revised or withdrawn, with the reason (adjudication)' })
  @ZodResponse({ status: 200, type: FindingResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  adjudicate(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('findingId', new ParseUUIDPipe()) findingId: string,
    @Body() body: AdjudicateFindingDto,
  ) {
    return this.findingsWork.adjudicateFinding(user, ability, id, findingId, body);
  }

  @Put('report-number')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '文号 Assign the final report number (lead or bureau; adjudication or final review)' })
  @ZodResponse({ status: 200, type: EvaluationResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  reportNumber(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetReportNumberDto) {
    return this.work.setReportNumber(user, ability, id, body.reportNumber, body.expectedVersion);
  }

  @Put('review-opinion')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '审核意见 The bureau writes its review opinion of a self-evaluation (review)' })
  @ZodResponse({ status: 200, type: EvaluationResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  reviewOpinion(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetReviewOpinionDto) {
    return this.work.setReviewOpinion(user, ability, id, body.reviewOpinion, body.expectedVersion);
  }
}
