import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { DraftScreenedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { DeliverApprovedDraftUseCase } from './deliver-approved-draft.use-case';

/**
 * A screening that says, as the stage and verdict it carries, that it is no clear pre-delivery verdict: most are not
 * (every generated draft is screened), and delivery skips them before checking the event. One that does not say
 * plainly is checked, and dead-lettered if it is malformed.
 */
export function plainlyNotForDelivery(raw: unknown): boolean {
  const payload = (raw as { payload?: { stage?: unknown; verdict?: unknown } | null } | null | undefined)?.payload;
  if (typeof payload?.stage !== 'string' || typeof payload.verdict !== 'string') return false;
  return payload.stage !== 'pre_delivery' || payload.verdict !== 'clear';
}

@Controller()
export class ScreenedDraftsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly deliver: DeliverApprovedDraftUseCase,
  ) {}

  /** Only `pre_delivery` + `clear` verdicts are delivered; the use case ignores every other screening. */
  @EventPattern(Topics.DraftScreened)
  async onDraftScreened(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    if (plainlyNotForDelivery(raw)) return;
    return this.consumer.consume(DraftScreenedEvent, raw, context, (event) => this.deliver.execute(event));
  }
}
