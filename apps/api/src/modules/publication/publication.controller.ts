import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { publishReportSchema, setReportNumberingSchema, withdrawPublicationSchema, type AppAbility } from '@evalflow/domain';
import type { AuthenticatedUser } from '../../authz/authenticated-user';
import { CurrentAbility, CurrentUser, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { PublicationResponse, ReportNumberingResponse } from '../../common/response-dtos';
import { PublicationService } from './publication.service';

class SetReportNumberingDto extends createZodDto(setReportNumberingSchema) {}
class PublishReportDto extends createZodDto(publishReportSchema) {}
class WithdrawPublicationDto extends createZodDto(withdrawPublicationSchema) {}

/** 文号规则 of the caller's bureau and the publication of an evaluation's final report (issue 12 §5, §6). */
@ApiTags('publication')
@ApiBearerAuth()
@Controller()
export class PublicationController {
  constructor(private readonly publication: PublicationService) {}

  @Get('report-numbering')
  @ZodResponse({ status: 200, type: ReportNumberingResponse })
  @ApiErrors(401, 403)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '文号规则 The caller’s finance bureau’s numbering pattern and where each year’s series stands (finance bureaus only)' })
  numbering(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility) {
    return this.publication.numbering(user, ability);
  }

  @Put('report-numbering')
  @ZodResponse({ status: 200, type: ReportNumberingResponse })
  @ApiErrors(400, 401, 403, 409)
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '设置文号规则 The bureau’s section head sets the pattern ({year}, {n} or {n:3}); final reports are then numbered at approval unless typed (expectedVersion)' })
  setNumbering(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Body() body: SetReportNumberingDto) {
    return this.publication.setNumbering(user, ability, body);
  }

  @Get('evaluations/:id/publication')
  @ZodResponse({ status: 200, type: PublicationResponse })
  @ApiErrors(400, 401, 404)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '公开情况 Whether the evaluation’s approved final report is public, and who may publish or withdraw it' })
  get(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.publication.publication(user, ability, id);
  }

  @Post('evaluations/:id/publication')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: PublicationResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '公开评价报告 The commissioning bureau’s section head publishes the approved final report to the public pages (in the history)' })
  publish(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: PublishReportDto) {
    return this.publication.publish(user, ability, id, body);
  }

  @Post('evaluations/:id/publication/withdraw')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: PublicationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  @RequirePermission('read', 'Evaluation')
  @ApiOperation({ summary: '撤回公开 The section head withdraws the report from the public pages, with a reason (in the history)' })
  withdraw(@CurrentUser() user: AuthenticatedUser, @CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: WithdrawPublicationDto) {
    return this.publication.withdraw(user, ability, id, body);
  }
}
