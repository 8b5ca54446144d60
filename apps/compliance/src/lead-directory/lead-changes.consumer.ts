import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { LeadUpsertedEvent, Topics } from '@followup/contracts';
import { EventConsumer } from '@followup/messaging';
import { SyncDirectoryEntryUseCase } from './sync-directory-entry.use-case';

@Controller()
export class LeadChangesConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly syncEntry: SyncDirectoryEntryUseCase,
  ) {}

  @EventPattern(Topics.LeadUpserted)
  onLeadUpserted(@Payload() raw: unknown, @Ctx() context: KafkaContext): Promise<void> {
    return this.consumer.consume(LeadUpsertedEvent, raw, context, (event) => this.syncEntry.execute(event));
  }
}
