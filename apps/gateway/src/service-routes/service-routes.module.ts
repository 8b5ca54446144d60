import { Module } from '@nestjs/common';
import { ForwardedOpenApi } from './forwarded-openapi';
import { ForwardToServiceUseCase } from './forward-to-service.use-case';
import { ServiceRoutesController } from './service-routes.controller';

@Module({
  controllers: [ServiceRoutesController],
  providers: [ForwardToServiceUseCase, ForwardedOpenApi],
})
export class ServiceRoutesModule {}
