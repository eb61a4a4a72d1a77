import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { createOrganisationSchema, listOrganisationsQuerySchema, updateOrganisationSchema, type AppAbility } from '@evalflow/domain';
import { CurrentAbility, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { OrganisationPageResponse, OrganisationResponse } from '../../common/response-dtos';
import { OrganisationsService } from './organisations.service';

class CreateOrganisationDto extends createZodDto(createOrganisationSchema) {}
class UpdateOrganisationDto extends createZodDto(updateOrganisationSchema) {}
class ListOrganisationsQueryDto extends createZodDto(listOrganisationsQuerySchema) {}

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @RequirePermission('read', 'Organisation')
  @ApiOperation({ summary: '机构列表 Organisations the caller may see (own, or the jurisdiction)' })
  @ZodResponse({ status: 200, type: OrganisationPageResponse })
  @ApiErrors(400, 401, 403)
  list(@CurrentAbility() ability: AppAbility, @Query() query: ListOrganisationsQueryDto) {
    return this.organisations.list(ability, query);
  }

  @Get(':id')
  @RequirePermission('read', 'Organisation')
  @ApiOperation({ summary: '机构详情 One organisation (404 when the caller may not see it)' })
  @ZodResponse({ status: 200, type: OrganisationResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.organisations.get(ability, id);
  }

  @Post()
  @RequirePermission('create', 'Organisation')
  @ApiOperation({ summary: '新建机构 Create an organisation (credit code checked by its check character)' })
  @ZodResponse({ status: 201, type: OrganisationResponse })
  @ApiErrors(400, 401, 403, 409, 422)
  create(@CurrentAbility() ability: AppAbility, @Body() body: CreateOrganisationDto) {
    return this.organisations.create(ability, body);
  }

  @Patch(':id')
  @RequirePermission('update', 'Organisation')
  @ApiOperation({ summary: '修改机构 Change an organisation; expectedVersion must match (409 otherwise)' })
  @ZodResponse({ status: 200, type: OrganisationResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateOrganisationDto) {
    return this.organisations.update(ability, id, body);
  }
}
