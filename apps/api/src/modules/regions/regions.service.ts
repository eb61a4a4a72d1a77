import { Injectable } from '@nestjs/common';
import { DomainError, type CreateRegionInput, type RegionDto } from '@evalflow/domain';
import { RegionsRepository } from './regions.repository';

/** Regions (行政区划): the tree, and adding a region under an existing parent. */
@Injectable()
export class RegionsService {
  constructor(private readonly regions: RegionsRepository) {}

  list(): Promise<RegionDto[]> {
    return this.regions.findAll();
  }

  async create(input: CreateRegionInput): Promise<RegionDto> {
    const parent = input.parentId ? await this.regions.findById(input.parentId) : null;
    if (input.parentId && !parent) throw new DomainError('RULE_VIOLATION', 'The parent region does not exist', [{ path: 'parentId', message: 'not found' }]);
    return this.regions.create(input, parent);
  }
}
