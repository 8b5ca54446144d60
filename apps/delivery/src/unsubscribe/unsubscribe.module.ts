import { Module } from '@nestjs/common';
import { ContactDirectoryModule } from '../contact-directory/contact-directory.module';
import { SuppressionModule } from '../suppression/suppression.module';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeEmailUseCase } from './unsubscribe-email.use-case';
import { UnsubscribeLinks } from './unsubscribe-links';

/** Signed one-click unsubscribe links for emails, and the endpoint they point to. */
@Module({
  imports: [ContactDirectoryModule, SuppressionModule],
  controllers: [UnsubscribeController],
  providers: [UnsubscribeLinks, UnsubscribeEmailUseCase],
  exports: [UnsubscribeLinks],
})
export class UnsubscribeModule {}
