import { DynamicModule, Module } from '@nestjs/common';
import { getModelToken, ModelDefinition, MongooseModule } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { LeaseRecord, LeaseSchema } from '@followup/persistence';
import { CollectionOutbox, Outbox } from './outbox';
import { OutboxFields } from './outbox-message';
import { OUTBOX_SOURCES, OutboxRelay } from './outbox-relay';

/**
 * A service's outbox: `Outbox` for publishing right after a write, and the one OutboxRelay, over the collections
 * named here (each schema passed through withOutbox) and any source registered with it. Import once, in the
 * service's root module.
 */
@Module({})
export class OutboxModule {
  static forService(collections: ModelDefinition[] = []): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      imports: [MongooseModule.forFeature([...collections, { name: LeaseRecord.name, schema: LeaseSchema }])],
      providers: [
        Outbox,
        OutboxRelay,
        {
          provide: OUTBOX_SOURCES,
          inject: collections.map((collection) => getModelToken(collection.name)),
          useFactory: (...models: Model<OutboxFields>[]) => models.map((model) => new CollectionOutbox(model)),
        },
      ],
      exports: [Outbox, OutboxRelay],
    };
  }
}
