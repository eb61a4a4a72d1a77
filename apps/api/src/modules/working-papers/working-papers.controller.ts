import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { createWorkingPaperSchema, putFindingEvidenceSchema, transitionRequestSchema, updateWorkingPaperSchema, type AppAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import {
  EvaluationActionsResponse,
  EvaluationHistoryResponse,
  FindingEvidenceListResponse,
  WorkingPaperListResponse,
  WorkingPaperResponse,
} from '../../common/response-dtos';
import { FindingEvidenceService } from './finding-evidence.service';
import { WorkingPapersService } from './working-papers.service';

class CreateWorkingPaperDto extends createZodDto(createWorkingPaperSchema) {}
class UpdateWorkingPaperDto extends createZodDto(updateWorkingPaperSchema) {}
class TransitionRequestDto extends createZodDto(transitionRequestSchema) {}
class PutFindingEvidenceDto extends createZodDto(putFindingEvidenceSchema) {}

/**
 * 工作底稿: the team's working papers, each on its review lifecycle (复核) through the same engine and routes as an
 * evaluation. Readers: the assigned team, the commissioning bureau, the jurisdiction's auditors; never the evaluated
 * department (403 with the reason).
 */
@ApiTags('working-papers')
@ApiBearerAuth()
@Controller()
export class WorkingPapersController {
  constructor(
    private readonly papers: WorkingPapersService,
    private readonly evidence: FindingEvidenceService,
  ) {}

  @Get('evaluations/:id/working-papers')
  @ZodResponse({ status: 200, type: WorkingPaperListResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '工作底稿 The working papers of an evaluation (the team, the bureau, auditors; 403 for the department)' })
  async list(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.papers.listForEvaluation(user, ability, id) };
  }

  @Post('evaluations/:id/working-papers')
  @ZodResponse({ status: 201, type: WorkingPaperResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '编写工作底稿 The assigned team writes a working paper (座谈记录, 实地核查, 满意度调查, 对照复核) from fieldwork to adjudication' })
  create(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateWorkingPaperDto) {
    return this.papers.create(user, ability, id, body);
  }

  @Get('working-papers/:id')
  @ZodResponse({ status: 200, type: WorkingPaperResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '工作底稿 One working paper, with its satisfaction rate when it is a questionnaire' })
  get(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.papers.get(user, ability, id);
  }

  @Patch('working-papers/:id')
  @ZodResponse({ status: 200, type: WorkingPaperResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '修改工作底稿 The team changes a paper while 编制中 or 退回修改 (expectedVersion); frozen once signed off' })
  update(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateWorkingPaperDto) {
    return this.papers.update(user, ability, id, body);
  }

  @Post('working-papers/:id/transitions')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: WorkingPaperResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '复核流转 Submit, sign off or return a working paper: 403 not yours, 409 version or state, 422 guards failed' })
  async transition(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: TransitionRequestDto) {
    return this.papers.transition(user, ability, id, body);
  }

  @Get('working-papers/:id/actions')
  @ZodResponse({ status: 200, type: EvaluationActionsResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '可执行操作 What the caller may do now on the working paper, with the guards that block each action' })
  actions(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.papers.actions(user, ability, id);
  }

  @Get('working-papers/:id/history')
  @ZodResponse({ status: 200, type: EvaluationHistoryResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '复核记录 The working paper’s append-only history, oldest first' })
  async history(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.papers.history(user, ability, id) };
  }

  @Get('findings/:id/evidence')
  @ZodResponse({ status: 200, type: FindingEvidenceListResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '问题依据 What a finding cites (working papers, files, request items) by title; the department from the draft for comment on' })
  async listEvidence(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.evidence.list(user, ability, id) };
  }

  @Put('findings/:id/evidence')
  @ZodResponse({ status: 200, type: FindingEvidenceListResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '设置问题依据 Replace what a finding cites; every reference must be of the same evaluation (422 otherwise)' })
  async replaceEvidence(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: PutFindingEvidenceDto) {
    return { items: await this.evidence.replace(user, ability, id, body) };
  }
}
