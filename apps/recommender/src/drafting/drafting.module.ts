import { Module } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { DRAFTER } from './drafter';
import { OpenAiDrafter } from './openai.drafter';
import { TemplateDrafter } from './template.drafter';

/** OpenAI-compatible drafting when OPENAI_API_KEY is set, the built-in templates otherwise. */
@Module({
  providers: [
    {
      provide: DRAFTER,
      inject: [Environment, PinoLogger],
      useFactory: (environment: Environment, logger: PinoLogger) =>
        environment.OPENAI_API_KEY ? new OpenAiDrafter(environment, logger) : new TemplateDrafter(),
    },
  ],
  exports: [DRAFTER],
})
export class DraftingModule {}
