import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { transitionRequestSchema, updateRectificationItemSchema, type AppAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { EvaluationActionsResponse, EvaluationHistoryResponse, RectificationItemListResponse, RectificationItemResponse } from '../../common/response-dtos';
import { WorkflowRunner } from '../workflow/engine/workflow-runner.service';
import { RectificationItemsService } from './rectification-items.service';

class UpdateRectificationItemDto extends createZodDto(updateRectificationItemSchema) {}
class TransitionRequestDto extends createZodDto(transitionRequestSchema) {}

/**
 * 整改事项: an evaluation's items, one item, what the department writes on it, and its lifecycle through the same
 * engine and the same three routes as an evaluation's (transitions, actions, history). Every route needs read access
 * to the item's evaluation (404 otherwise); who may write or fire what is the lifecycle's permits (403).
 */
@ApiTags('rectification')
@ApiBearerAuth()
@Controller()
export class RectificationItemsController {
  constructor(
    private readonly items: RectificationItemsService,
    private readonly runner: WorkflowRunner,
  ) {}

  @Get('evaluations/:id/rectification-items')
  @ZodResponse({ status: 200, type: RectificationItemListResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '整改事项列表 The rectification items of an evaluation, one per standing finding' })
  async list(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.items.listForEvaluation(ability, id) };
  }

  @Get('rectification-items/:id')
  @ZodResponse({ status: 200, type: RectificationItemResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '整改事项 One rectification item with its finding, measures, owner, due date and evidence' })
  get(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.items.get(ability, id);
  }

  @Patch('rectification-items/:id')
  @ZodResponse({ status: 200, type: RectificationItemResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '填写整改措施 The department writes measures, responsible unit/person, due date, evidence (expectedVersion)' })
  update(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateRectificationItemDto) {
    return this.items.update(user, ability, id, body);
  }

  @Post('rectification-items/:id/transitions')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: RectificationItemResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '流转 Fire a rectification-item action: 403 not yours, 409 version or state, 422 guards failed (listed)' })
  async transition(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: TransitionRequestDto) {
    await this.runner.fire('rectification_item', user, ability, id, body);
    return this.items.get(ability, id);
  }

  @Get('rectification-items/:id/actions')
  @ZodResponse({ status: 200, type: EvaluationActionsResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '可执行操作 What the caller may do now on the item, with the guards that block each action' })
  actions(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.runner.actions('rectification_item', user, ability, id);
  }

  @Get('rectification-items/:id/history')
  @ZodResponse({ status: 200, type: EvaluationHistoryResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '流转记录 The item’s append-only history, oldest first' })
  async history(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.runner.historyOf('rectification_item', ability, id) };
  }
}
