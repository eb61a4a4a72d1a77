import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { createOrganisationSchema, listOrganisationsQuerySchema, updateOrganisationSchema, type AppAbility } from '@evalflow/domain';
import { CurrentAbility, RequirePermission } from '../../authz/decorators';
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
  list(@CurrentAbility() ability: AppAbility, @Query() query: ListOrganisationsQueryDto) {
    return this.organisations.list(ability, query);
  }

  @Get(':id')
  @RequirePermission('read', 'Organisation')
  get(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.organisations.get(ability, id);
  }

  @Post()
  @RequirePermission('create', 'Organisation')
  @ApiOperation({ summary: '新建机构 Create an organisation (credit code checked by its check character)' })
  create(@CurrentAbility() ability: AppAbility, @Body() body: CreateOrganisationDto) {
    return this.organisations.create(ability, body);
  }

  @Patch(':id')
  @RequirePermission('update', 'Organisation')
  @ApiOperation({ summary: 'Change an organisation; expectedVersion must match (409 otherwise)' })
  update(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateOrganisationDto) {
    return this.organisations.update(ability, id, body);
  }
}
