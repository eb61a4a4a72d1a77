import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { createUserSchema, listUsersQuerySchema, updateUserSchema, type AppAbility } from '@evalflow/domain';
import { CurrentAbility, RequirePermission } from '../../authz/decorators';
import { ApiErrors } from '../../common/api-errors.decorator';
import { UserPageResponse, UserResponse } from '../../common/response-dtos';
import { UsersService } from './users.service';

class CreateUserDto extends createZodDto(createUserSchema) {}
class UpdateUserDto extends createZodDto(updateUserSchema) {}
class ListUsersQueryDto extends createZodDto(listUsersQuerySchema) {}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission('read', 'User')
  @ApiOperation({ summary: '用户列表 Users the caller may see (own organisation, or the jurisdiction)' })
  @ZodResponse({ status: 200, type: UserPageResponse })
  @ApiErrors(400, 401, 403)
  list(@CurrentAbility() ability: AppAbility, @Query() query: ListUsersQueryDto) {
    return this.users.list(ability, query);
  }

  @Get(':id')
  @RequirePermission('read', 'User')
  @ApiOperation({ summary: '用户详情 One user (404 when the caller may not see them)' })
  @ZodResponse({ status: 200, type: UserResponse })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.users.get(ability, id);
  }

  @Post()
  @RequirePermission('create', 'User')
  @ApiOperation({ summary: '新建用户 Create a user; roles must fit the organisation kind' })
  @ZodResponse({ status: 201, type: UserResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  create(@CurrentAbility() ability: AppAbility, @Body() body: CreateUserDto) {
    return this.users.create(ability, body);
  }

  @Patch(':id')
  @RequirePermission('update', 'User')
  @ApiOperation({ summary: '修改用户 Change a user (self: name, email, password; admins: also roles, active); expectedVersion required' })
  @ZodResponse({ status: 200, type: UserResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(@CurrentAbility() ability: AppAbility, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(ability, id, body);
  }
}
