import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { AuthModule } from '../auth/auth.module';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { AuthRepository } from '../auth/auth.repository';

@Module({
  imports: [OrganisationsModule, AuthModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, AuthRepository],
})
export class UsersModule {}
