import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { set as setMongooseOption } from 'mongoose';
import { databaseName, Environment } from '@followup/config';
import { ServiceName } from '@followup/contracts';

/** The service's own database (`<prefix><service>`); no service ever opens another's. */
@Module({})
export class PersistenceModule {
  static forService(service: ServiceName): DynamicModule {
    // Else every query's exec() formats a stack trace (new Error().stack), kept only to describe a query executed
    // twice: about 1% of a service's CPU under load.
    setMongooseOption('skipOriginalStackTraces', true);
    return {
      module: PersistenceModule,
      imports: [
        MongooseModule.forRootAsync({
          inject: [Environment],
          useFactory: (environment: Environment) => ({
            uri: environment.MONGO_URL,
            dbName: databaseName(environment, service),
            serverSelectionTimeoutMS: 5_000,
            retryWrites: false,
          }),
        }),
      ],
      exports: [MongooseModule],
    };
  }
}
