import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { FRAMEWORK_TEMPLATES } from '@evalflow/domain';
import { FrameworksController } from './frameworks.controller';
import { FrameworksRepository } from './frameworks.repository';

@Module({
  controllers: [FrameworksController],
  providers: [FrameworksRepository],
  exports: [FrameworksRepository],
})
export class FrameworksModule implements OnApplicationBootstrap {
  constructor(private readonly frameworks: FrameworksRepository) {}

  /** The built-in templates are there from the first start (idempotent: concurrent starts insert each once). */
  async onApplicationBootstrap(): Promise<void> {
    for (const template of FRAMEWORK_TEMPLATES) await this.frameworks.ensureBuiltIn(template);
  }
}
