import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
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
import { EvaluationWorkService } from './evaluation-work.service';
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
  constructor(private readonly work: EvaluationWorkService) {}

  @Get('indicators')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '指标 The framework tree with targets, actuals, self-scores, (when visible to the caller) scores, rule scores, differences, and totals per level with grades' })
  indicators(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.work.indicators(user, ability, id);
  }

  @Get('exports/self-evaluation.xlsx')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '导出自评表 The self-evaluation form as .xlsx (targets, actuals, self-scores, deviation reasons, total and grade)' })
  async exportSelfEvaluation(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    const { workbook, filename } = await this.work.exportForm(user, ability, id, 'self-evaluation');
    return workbookDownload(workbook, filename);
  }

  @Get('exports/scores.xlsx')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '导出评分表 The score table as .xlsx (scores, deductions and reasons, totals per level, grade; the department from the draft for comment on)' })
  async exportScores(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    const { workbook, filename } = await this.work.exportForm(user, ability, id, 'scores');
    return workbookDownload(workbook, filename);
  }

  @Get('self-evaluation')
  @RequirePermission('read', 'Evaluation')
  selfEvaluation(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.work.selfEvaluationReport(ability, id);
  }

  @Put('self-evaluation')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '填报自评 The department saves its self-evaluation form, budget figures and narrative (state self_evaluation); each indicator entry carries the expectedVersion it was loaded with (0 when new), a stale one → 409 VERSION_CONFLICT naming it in details.conflicts, nothing saved' })
  saveSelfEvaluation(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SaveSelfEvaluationDto) {
    return this.work.saveSelfEvaluation(user, ability, id, body);
  }

  @Post('self-evaluation/hand-over')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '提请负责人审核 Department staff tell the head(s) that the filled self-evaluation is ready to approve and submit (422 while incomplete)' })
  handOver(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.work.handOverSelfEvaluation(user, ability, id);
  }

  @Put('scores')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '评分 The team saves scores with deduction reasons (fieldwork; in adjudication a change needs changeReason); each score carries the expectedVersion it was loaded with (0 when new), a stale one → 409 VERSION_CONFLICT naming the indicator, its current value and who changed it when (details.conflicts), nothing saved' })
  saveScores(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SaveScoresDto) {
    return this.work.saveScores(user, ability, id, body);
  }

  @Get('findings')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '存在的问题 The findings (the evaluated department from the draft for comment on; 403 before)' })
  async findings(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.work.visibleFindings(user, ability, id) };
  }

  @Post('findings')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '存在的问题 Record a finding (team in fieldwork; bureau review opinions in a self-evaluation review)' })
  createFinding(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateFindingDto) {
    return this.work.createFinding(user, ability, id, body);
  }

  @Patch('findings/:findingId')
  @RequirePermission('read', 'Evaluation')
  updateFinding(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('findingId', new ParseUUIDPipe()) findingId: string,
    @Body() body: UpdateFindingDto,
  ) {
    return this.work.updateFinding(user, ability, id, findingId, body);
  }

  @Put('findings/:findingId/answer')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '反馈意见 The department accepts or disputes a finding (draft for comment)' })
  answer(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('findingId', new ParseUUIDPipe()) findingId: string,
    @Body() body: AnswerFindingDto,
  ) {
    return this.work.answerFinding(user, ability, id, findingId, body);
  }

  @Put('findings/:findingId/adjudication')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: 'The team adjudicates an answer: upheld, revised or withdrawn, with the reason (adjudication)' })
  adjudicate(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('findingId', new ParseUUIDPipe()) findingId: string,
    @Body() body: AdjudicateFindingDto,
  ) {
    return this.work.adjudicateFinding(user, ability, id, findingId, body);
  }

  @Put('report-number')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '文号 Assign the final report number (lead or bureau; adjudication or final review)' })
  reportNumber(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetReportNumberDto) {
    return this.work.setReportNumber(user, ability, id, body.reportNumber, body.expectedVersion);
  }

  @Put('review-opinion')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '审核意见 The bureau writes its review opinion of a self-evaluation (review)' })
  reviewOpinion(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetReviewOpinionDto) {
    return this.work.setReviewOpinion(user, ability, id, body.reviewOpinion, body.expectedVersion);
  }
}
