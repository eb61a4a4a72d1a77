import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { DEADLINE_KEYS, DomainError, moveDeadlineSchema, saveReminderPolicySchema, type AppAbility, type DeadlineKey } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { EvaluationResponse, ReminderPoliciesResponse, ReminderPolicySettingResponse } from '../../common/response-dtos';
import { DeadlinesService } from './deadlines.service';
import { ReminderPoliciesService } from './reminder-policies.service';

class MoveDeadlineDto extends createZodDto(moveDeadlineSchema) {}
class SaveReminderPolicyDto extends createZodDto(saveReminderPolicySchema) {}

@ApiTags('reminders')
@ApiBearerAuth()
@Controller()
export class RemindersController {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly policies: ReminderPoliciesService,
  ) {}

  @Put('evaluations/:id/deadlines/:key')
  @RequirePermission('update', 'Evaluation')
  @ApiOperation({ summary: '调整期限 Move a stage deadline or change its owner; expectedVersion is the deadline version. Reschedules its reminders' })
  @ZodResponse({ status: 200, type: EvaluationResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  move(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Param('key') key: string, @Body() body: MoveDeadlineDto) {
    if (!(DEADLINE_KEYS as readonly string[]).includes(key)) throw new DomainError('VALIDATION_FAILED', 'Invalid request', [{ path: 'key', message: 'not a deadline key' }]);
    return this.deadlines.move(ability, id, key as DeadlineKey, body);
  }

  @Get('reminder-policies')
  @RequirePermission('read', 'ReminderPolicy')
  @ApiOperation({ summary: '提醒规则 Reminder policies of the caller\'s jurisdiction (finance staff; system admins see all) and the default' })
  @ZodResponse({ status: 200, type: ReminderPoliciesResponse })
  @ApiErrors(401, 403)
  list(@CurrentAbility() ability: AppAbility) {
    return this.policies.list(ability);
  }

  @Put('reminder-policies')
  @RequirePermission('update', 'ReminderPolicy')
  @ApiOperation({ summary: '设置提醒规则 Set the reminder policy of a region for one deadline key or all (\'*\'); finance admins of the region' })
  @ZodResponse({ status: 200, type: ReminderPolicySettingResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  save(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Body() body: SaveReminderPolicyDto) {
    return this.policies.save(user, ability, body);
  }
}
