import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ROLE_LABELS,
  asSubject,
  rolesNotAllowedIn,
  type AppAbility,
  type CreateUserInput,
  type ListUsersQuery,
  type Page,
  type UpdateUserInput,
  type UserDto,
} from '@evalflow/domain';
import { assertCan } from '../../authz/record-access';
import { permittedFilter } from '../../authz/casl-to-sql';
import { toPage } from '../../common/pagination';
import { APP_CONFIG, type AppConfig } from '../../config/config.schema';
import { JobsService } from '../../infrastructure/queue/jobs.service';
import { jobId } from '../../infrastructure/queue/jobs';
import { AuthRepository } from '../auth/auth.repository';
import { PasswordHasher } from '../auth/password-hasher';
import { OrganisationsRepository } from '../organisations/organisations.repository';
import { versionConflict } from '../../common/version-conflict';
import { USER_PERMISSION_COLUMNS, UsersRepository, type UserChanges, type UserRecord } from './users.repository';
import { accountOpenedMail } from './account-opened.mail';

const toDto = (user: UserRecord): UserDto => user;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: AuthRepository,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(ability: AppAbility, query: ListUsersQuery): Promise<Page<UserDto>> {
    const permitted = permittedFilter(ability, 'read', 'User', USER_PERMISSION_COLUMNS);
    if (permitted.kind === 'none') return toPage([], 0, query);
    const { items, total } = await this.users.list(query, permitted);
    return toPage(items.map(toDto), total, query);
  }

  async get(ability: AppAbility, id: string): Promise<UserDto> {
    return toDto(await this.load(ability, id));
  }

  async create(ability: AppAbility, input: CreateUserInput): Promise<UserDto> {
    const organisation = await this.organisations.findById(input.organisationId);
    if (!organisation) throw new DomainError('RULE_VIOLATION', 'The organisation does not exist', [{ path: 'organisationId', message: 'not found' }]);
    const candidate = { organisationId: organisation.id, organisationRegionId: organisation.regionId, roles: input.roles };
    if (!ability.can('create', asSubject('User', candidate))) {
      throw new DomainError('FORBIDDEN', 'You may not create this user (organisation outside your jurisdiction, or a role you may not grant)');
    }
    this.assertRolesFit(organisation.kind, input.roles);
    if (await this.users.usernameTaken(input.username)) {
      throw new DomainError('DUPLICATE', 'The username is taken', [{ path: 'username', message: 'already exists' }]);
    }
    const created = await this.users.create({
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      passwordHash: await this.hasher.hash(input.password),
      organisationId: organisation.id,
      roles: input.roles,
    });
    if (created.email) await this.notifyAccountOpened(created);
    return toDto(created);
  }

  async update(ability: AppAbility, id: string, input: UpdateUserInput): Promise<UserDto> {
    const current = await this.load(ability, id);
    const { expectedVersion, password, ...fields } = input;
    const changedFields = [...Object.keys(fields).filter((key) => fields[key as keyof typeof fields] !== undefined), ...(password ? ['password'] : [])];
    if (changedFields.length === 0) throw new DomainError('VALIDATION_FAILED', 'Nothing to change', [{ path: '(body)', message: 'name at least one field' }]);
    for (const field of changedFields) assertCan(ability, 'update', 'User', current, field);
    if (input.roles) {
      const after = { ...current, roles: input.roles };
      if (!ability.can('update', asSubject('User', after))) throw new DomainError('FORBIDDEN', 'You may not grant these roles');
      const organisation = (await this.organisations.findById(current.organisationId))!;
      this.assertRolesFit(organisation.kind, input.roles);
    }
    if (current.version !== expectedVersion) throw versionConflict(current.version);
    const changes: UserChanges = { ...fields, ...(password ? { passwordHash: await this.hasher.hash(password) } : {}) };
    if (!(await this.users.update(id, expectedVersion, changes))) throw versionConflict((await this.users.findById(id))?.version);
    // A new password or a deactivation ends every session of that user.
    if (password || input.active === false) await this.sessions.revokeAllSessions(id);
    return toDto((await this.users.findById(id))!);
  }

  /** The account exists once committed; a queue outage must not turn that into an error for the admin. */
  private async notifyAccountOpened(user: UserRecord): Promise<void> {
    const mail = accountOpenedMail(user, this.config.PUBLIC_URL);
    await this.jobs.enqueue('send-mail', mail, jobId('account-opened', user.id)).catch((error: Error) => {
      this.logger.warn({ userId: user.id, error: error.message }, 'account notice not queued');
    });
  }

  private async load(ability: AppAbility, id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user) throw new DomainError('NOT_FOUND', 'User not found');
    assertCan(ability, 'read', 'User', user);
    return user;
  }

  private assertRolesFit(kind: Parameters<typeof rolesNotAllowedIn>[0], roles: CreateUserInput['roles']): void {
    const misfits = rolesNotAllowedIn(kind, roles);
    if (misfits.length) {
      throw new DomainError(
        'RULE_VIOLATION',
        `These roles do not belong in this kind of organisation: ${misfits.map((r) => ROLE_LABELS[r].en).join(', ')}`,
        misfits.map((role) => ({ path: 'roles', message: `${role} is not allowed for ${kind}` })),
      );
    }
  }
}
