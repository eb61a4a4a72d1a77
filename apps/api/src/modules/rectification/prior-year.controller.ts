import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { assessPriorYearItemSchema, type AppAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { FindingChainResponse, PriorYearItemListResponse, PriorYearItemResponse } from '../../common/response-dtos';
import { PriorYearService } from './prior-year.service';

class AssessPriorYearItemDto extends createZodDto(assessPriorYearItemSchema) {}

/**
 * 上年度问题整改情况: the department's earlier items a new evaluation follows up, the team's assessment of each, and
 * the chain of a recurring problem across years. Every route needs read access to the evaluation (404 otherwise).
 */
@ApiTags('rectification')
@ApiBearerAuth()
@Controller()
export class PriorYearController {
  constructor(private readonly priorYear: PriorYearService) {}

  @Get('evaluations/:id/prior-year-items')
  @ZodResponse({ status: 200, type: PriorYearItemListResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '上年度问题整改情况 The department’s earlier items not closed, with this evaluation’s assessment of each' })
  async list(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return { items: await this.priorYear.items(user, ability, id) };
  }

  @Put('evaluations/:id/prior-year-items/:itemId')
  @ZodResponse({ status: 200, type: PriorYearItemResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '核查上年度问题 The team assesses an earlier item (整改到位/部分整改/未整改); one not rectified becomes a finding' })
  assess(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentAbility() ability: AppAbility,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
    @Body() body: AssessPriorYearItemDto,
  ) {
    return this.priorYear.assess(user, ability, id, itemId, body);
  }

  @Get('findings/:id/chain')
  @ZodResponse({ status: 200, type: FindingChainResponse })
  @ApiErrors(400, 401, 403, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '问题链 A recurring problem across years: finding → rectification item → next year’s finding → …' })
  chain(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.priorYear.chain(user, ability, id);
  }
}
