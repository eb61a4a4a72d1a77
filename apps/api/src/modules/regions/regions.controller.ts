import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { DomainError, createRegionSchema } from '@evalflow/domain';
import { RequirePermission } from '../../authz/decorators';
import { RegionsRepository } from './regions.repository';

class CreateRegionDto extends createZodDto(createRegionSchema) {}

/** Regions (行政区划) form the jurisdiction hierarchy. Reading is open to every signed-in user. */
@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsRepository) {}

  @Get()
  @RequirePermission('read', 'Region')
  @ApiOperation({ summary: '行政区划列表 All regions, ordered as a tree' })
  list() {
    return this.regions.findAll();
  }

  @Post()
  @RequirePermission('create', 'Region')
  @ApiOperation({ summary: 'Add a region (system administrators)' })
  async create(@Body() body: CreateRegionDto) {
    const parent = body.parentId ? await this.regions.findById(body.parentId) : null;
    if (body.parentId && !parent) throw new DomainError('RULE_VIOLATION', 'The parent region does not exist', [{ path: 'parentId', message: 'not found' }]);
    return this.regions.create(body, parent);
  }
}
