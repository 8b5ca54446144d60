import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { DraftScreenedEvent, SCREENING_STAGES, SCREENING_VERDICTS, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { DeliverApprovedDraftUseCase } from './deliver-approved-draft.use-case';

/**
 * A screening that says, by a stage and a verdict of the contract, that it is no clear pre-delivery verdict: most are
 * not (every generated draft is screened), and delivery skips them before checking the event; the gateway and the
 * audit trail check them too, and dead-letter a malformed one. One that does not say so plainly (no stage or verdict,
 * or one the contract does not know) is checked here, and dead-lettered if it is malformed.
 */
export function plainlyNotForDelivery(raw: unknown): boolean {
  const payload = (raw as { payload?: { stage?: unknown; verdict?: unknown } | null } | null | undefined)?.payload;
  const stage = SCREENING_STAGES.find((known) => known === payload?.stage);
  const verdict = SCREENING_VERDICTS.find((known) => known === payload?.verdict);
  if (stage === undefined || verdict === undefined) return false;
  return stage !== 'pre_delivery' || verdict !== 'clear';
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
