import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ContactDirectoryModule } from '../contact-directory/contact-directory.module';
import { ChangeSuppressionUseCase } from './change-suppression.use-case';
import { ListSuppressionsUseCase } from './list-suppressions.use-case';
import { RecordProviderOptOutUseCase } from './record-provider-opt-out.use-case';
import { SendPermission } from './send-permission';
import { SuppressionRecord, SuppressionSchema } from './suppression.schema';
import { SuppressionRepository } from './suppression.repository';
import { SuppressionView } from './suppression-view';
import { SuppressionsController } from './suppressions.controller';

/** The tenant's suppression list: who opted out of which channel, read and added over HTTP, checked before each send. */
@Module({
  imports: [MongooseModule.forFeature([{ name: SuppressionRecord.name, schema: SuppressionSchema }]), ContactDirectoryModule],
  controllers: [SuppressionsController],
  providers: [
    SuppressionRepository,
    SuppressionView,
    ChangeSuppressionUseCase,
    ListSuppressionsUseCase,
    RecordProviderOptOutUseCase,
    SendPermission,
  ],
  exports: [ChangeSuppressionUseCase, RecordProviderOptOutUseCase, SendPermission],
})
export class SuppressionModule {}
