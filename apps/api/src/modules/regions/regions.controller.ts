import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { createRegionSchema } from '@evalflow/domain';
import { RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { RegionResponse } from '../../common/response-dtos';
import { RegionsService } from './regions.service';

class CreateRegionDto extends createZodDto(createRegionSchema) {}

/** Regions (行政区划) form the jurisdiction hierarchy. Reading is open to every signed-in user. */
@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @RequirePermission('read', 'Region')
  @ApiOperation({ summary: '行政区划列表 All regions, ordered as a tree' })
  @ZodResponse({ status: 200, type: [RegionResponse] })
  @ApiErrors(401, 403)
  list() {
    return this.regions.list();
  }

  @Post()
  @RequirePermission('create', 'Region')
  @ApiOperation({ summary: '新增行政区划 Add a region (system administrators)' })
  @ZodResponse({ status: 201, type: RegionResponse })
  @ApiErrors(400, 401, 403, 409, 422)
  create(@Body() body: CreateRegionDto) {
    return this.regions.create(body);
  }
}
