import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SuppressedChannelRecord, SuppressedChannelSchema } from './suppressed-channel.schema';
import { SuppressedChannelRepository } from './suppressed-channel.repository';
import { SuppressionChangesConsumer } from './suppression-changes.consumer';
import { SuppressedChannelsView } from './suppressed-channels.view';

/** Which channels each lead opted out of, from delivery's `suppression.changed`. */
@Module({
  imports: [MongooseModule.forFeature([{ name: SuppressedChannelRecord.name, schema: SuppressedChannelSchema }])],
  controllers: [SuppressionChangesConsumer],
  providers: [SuppressedChannelRepository, SuppressedChannelsView],
  exports: [SuppressedChannelsView],
})
export class SuppressionModule {}
