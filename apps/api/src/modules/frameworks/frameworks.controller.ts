import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@evalflow/domain';
import { RequirePermission } from '../../authz/decorators';
import { FrameworksRepository } from './frameworks.repository';

/** Published indicator framework versions (指标体系), read-only here; editing and Excel exchange come with scoring. */
@ApiTags('frameworks')
@ApiBearerAuth()
@Controller('frameworks')
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksRepository) {}

  @Get()
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: '指标体系 Published framework versions' })
  async list() {
    const items = await this.frameworks.listPublished();
    return { items: items.map(({ nodes, ...summary }) => ({ ...summary, indicatorCount: nodes.filter((n) => n.level === 3).length })) };
  }

  @Get(':id')
  @RequirePermission('read', 'Framework')
  @ApiOperation({ summary: 'One framework version with its tree' })
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const framework = await this.frameworks.findById(id);
    if (!framework?.publishedAt) throw new DomainError('NOT_FOUND', 'Framework not found');
    return framework;
  }
}
