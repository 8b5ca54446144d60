import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import { Environment } from '@followup/config';
import { ServiceName } from '@followup/contracts';
import { EventConsumer } from './event-consumer';
import { EventPublisher, KAFKA_PRODUCER } from './event-publisher';
import { kafkaClientConfig } from './kafka-options';

@Module({})
export class MessagingModule {
  static forService(service: ServiceName): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [
        ClientsModule.registerAsync([
          {
            name: KAFKA_PRODUCER,
            inject: [Environment],
            useFactory: (environment: Environment) => ({
              transport: Transport.KAFKA,
              options: {
                client: kafkaClientConfig(environment, service, `followup-${service}-producer`),
                producerOnlyMode: true,
                producer: { allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner },
              },
            }),
          },
        ]),
      ],
      providers: [EventPublisher, EventConsumer],
      exports: [EventPublisher, EventConsumer],
    };
  }
}
