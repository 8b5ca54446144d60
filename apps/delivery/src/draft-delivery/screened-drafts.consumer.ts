import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { DraftScreenedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { DeliverApprovedDraftUseCase } from './deliver-approved-draft.use-case';

@Controller()
export class ScreenedDraftsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly deliver: DeliverApprovedDraftUseCase,
  ) {}

  /** Only `pre_delivery` + `clear` verdicts are delivered; the use case ignores every other screening. */
  @EventPattern(Topics.DraftScreened)
  onDraftScreened(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(DraftScreenedEvent, raw, context, (event) => this.deliver.execute(event));
  }
}
