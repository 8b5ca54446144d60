import { Module } from '@nestjs/common';
import { ForwardToServiceUseCase } from './forward-to-service.use-case';
import { ServiceRoutesController } from './service-routes.controller';

@Module({
  controllers: [ServiceRoutesController],
  providers: [ForwardToServiceUseCase],
})
export class ServiceRoutesModule {}
