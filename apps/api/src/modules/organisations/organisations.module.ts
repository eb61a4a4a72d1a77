import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';

@Module({
  imports: [RegionsModule],
  controllers: [OrganisationsController],
  providers: [OrganisationsService, OrganisationsRepository],
  exports: [OrganisationsRepository],
})
export class OrganisationsModule {}
