import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import {
  createEvaluationSchema,
  listEvaluationsQuerySchema,
  pageQuerySchema,
  transitionRequestSchema,
  updateEvaluationSchema,
  type AppAbility,
} from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { EvaluationActionsResponse, EvaluationHistoryResponse, EvaluationPageResponse, EvaluationResponse, TaskPageResponse } from '../../common/response-dtos';
import { EvaluationTransitionsService } from './evaluation-transitions.service';
import { EvaluationsService, toDto } from './evaluations.service';

class CreateEvaluationDto extends createZodDto(createEvaluationSchema) {}
class UpdateEvaluationDto extends createZodDto(updateEvaluationSchema) {}
class ListEvaluationsQueryDto extends createZodDto(listEvaluationsQuerySchema) {}
class TransitionRequestDto extends createZodDto(transitionRequestSchema) {}
class PageQueryDto extends createZodDto(pageQuerySchema) {}

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller()
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly transitions: EvaluationTransitionsService,
  ) {}

  @Get('evaluations')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '评价项目列表 Evaluations the caller may see; filters: fiscalYear, state, kind, departmentId, overdue, q' })
  @ZodResponse({ status: 200, type: EvaluationPageResponse })
  @ApiErrors(400, 401, 403)
  list(@CurrentAbility() ability: AppAbility, @Query() query: ListEvaluationsQueryDto) {
    return this.evaluations.list(ability, query);
  }

  @Post('evaluations')
  @RequirePermission('create', 'Evaluation')
  @ApiOperation({ summary: '委托评价 Create an evaluation (a draft of the caller\'s bureau); `commission` releases it' })
  @ZodResponse({ status: 201, type: EvaluationResponse })
  @ApiErrors(400, 401, 403, 409, 422)
  create(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Body() body: CreateEvaluationDto) {
    return this.evaluations.create(user, ability, body);
  }

  @Get('evaluations/:id')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '评价项目详情 One evaluation with its terms, team and deadlines (404 when the caller may not see it)' })
  @ZodResponse({ status: 200, type: EvaluationResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.evaluations.get(ability, id);
  }

  @Patch('evaluations/:id')
  @RequirePermission('update', 'Evaluation')
  @ApiOperation({ summary: '修改委托 Change the terms of a draft; expectedVersion must match (409 otherwise)' })
  @ZodResponse({ status: 200, type: EvaluationResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateEvaluationDto) {
    return this.evaluations.update(user, ability, id, body);
  }

  @Post('evaluations/:id/transitions')
  @HttpCode(200)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({
    summary: '流转 Fire a lifecycle action: 200 new state, 403 not yours, 409 version conflict or not in this state, 422 guards failed (listed)',
  })
  @ZodResponse({ status: 200, type: EvaluationResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async transition(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TransitionRequestDto,
  ) {
    const { evaluation } = await this.transitions.fire(user, ability, id, body);
    return toDto(evaluation);
  }

  @Get('evaluations/:id/actions')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '可执行操作 What the caller may do now, with the guards that block each action' })
  @ZodResponse({ status: 200, type: EvaluationActionsResponse })
  @ApiErrors(400, 401, 404)
  actions(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.evaluations.actions(user, ability, id);
  }

  @Get('evaluations/:id/history')
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '流转记录 The append-only history, oldest first, with snapshots of approvals' })
  @ZodResponse({ status: 200, type: EvaluationHistoryResponse })
  @ApiErrors(400, 401, 404)
  async history(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.evaluations.historyOf(user, ability, id) };
  }

  @Get('me/tasks')
  @ApiOperation({ summary: '我的待办 Everything waiting on the caller, oldest running deadline first' })
  @ZodResponse({ status: 200, type: TaskPageResponse })
  @ApiErrors(400, 401)
  tasks(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Query() query: PageQueryDto) {
    return this.evaluations.tasks(user, ability, query);
  }
}
