import { Injectable } from '@nestjs/common';
import {
  DomainError,
  asSubject,
  type AppAbility,
  type CreateOrganisationInput,
  type ListOrganisationsQuery,
  type OrganisationDto,
  type Page,
  type UpdateOrganisationInput,
} from '@evalflow/domain';
import { assertCan } from '../../authz/record-access';
import { permittedFilter } from '../../authz/casl-to-sql';
import { toPage } from '../../common/pagination';
import { versionConflict } from '../../common/version-conflict';
import { RegionsRepository } from '../regions/regions.repository';
import { ORGANISATION_PERMISSION_COLUMNS, OrganisationsRepository } from './organisations.repository';

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly regions: RegionsRepository,
  ) {}

  async list(ability: AppAbility, query: ListOrganisationsQuery): Promise<Page<OrganisationDto>> {
    const permitted = permittedFilter(ability, 'read', 'Organisation', ORGANISATION_PERMISSION_COLUMNS);
    if (permitted.kind === 'none') return toPage([], 0, query);
    const { items, total } = await this.organisations.list(query, permitted);
    return toPage(items, total, query);
  }

  async get(ability: AppAbility, id: string): Promise<OrganisationDto> {
    const organisation = await this.organisations.findById(id);
    if (!organisation) throw new DomainError('NOT_FOUND', 'Organisation not found');
    assertCan(ability, 'read', 'Organisation', organisation);
    return organisation;
  }

  async create(ability: AppAbility, input: CreateOrganisationInput): Promise<OrganisationDto> {
    if (!(await this.regions.findById(input.regionId))) {
      throw new DomainError('RULE_VIOLATION', 'The region does not exist', [{ path: 'regionId', message: 'not found' }]);
    }
    if (!ability.can('create', asSubject('Organisation', { regionId: input.regionId, kind: input.kind }))) {
      throw new DomainError('FORBIDDEN', 'You may create organisations only in your jurisdiction');
    }
    return this.organisations.create(input);
  }

  async update(ability: AppAbility, id: string, input: UpdateOrganisationInput): Promise<OrganisationDto> {
    const current = await this.organisations.findById(id);
    if (!current) throw new DomainError('NOT_FOUND', 'Organisation not found');
    assertCan(ability, 'update', 'Organisation', current);
    if (current.version !== input.expectedVersion) throw versionConflict(current.version);
    if (!(await this.organisations.update(id, input))) throw versionConflict((await this.organisations.findById(id))?.version);
    return (await this.organisations.findById(id))!;
  }
}
