import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { FRAMEWORK_TEMPLATES } from '@evalflow/domain';
import { FrameworksController } from './frameworks.controller';
import { FrameworksRepository } from './frameworks.repository';
import { FrameworksService } from './frameworks.service';

@Module({
  controllers: [FrameworksController],
  providers: [FrameworksRepository, FrameworksService],
  exports: [FrameworksRepository, FrameworksService],
})
export class FrameworksModule implements OnApplicationBootstrap {
  constructor(private readonly frameworks: FrameworksRepository) {}

  /**
   * The built-in templates are there from the first start, and a changed template is published as its next version
   * (idempotent: concurrent starts insert each once; evaluations keep the version they were commissioned with).
   */
  async onApplicationBootstrap(): Promise<void> {
    for (const template of FRAMEWORK_TEMPLATES) await this.frameworks.ensureBuiltIn(template);
  }
}
