import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ForwardedService, ForwardToServiceUseCase } from './forward-to-service.use-case';

/**
 * Routes whose data another service owns, served through the gateway so clients have one base URL. The
 * gateway's guards (token, rate limit) have run; the owning service checks roles and tenancy. Each service
 * documents these routes in its own OpenAPI document.
 */
@ApiExcludeController()
@Controller('api/v1')
export class ServiceRoutesController {
  constructor(private readonly forward: ForwardToServiceUseCase) {}

  @All(['compliance', 'compliance/*path'])
  compliance(@Req() request: Request, @Res() response: Response) {
    return this.pass('compliance', request, response);
  }

  @All(['tasks', 'tasks/*path'])
  tasks(@Req() request: Request, @Res() response: Response) {
    return this.pass('delivery', request, response);
  }

  @All(['audit', 'audit/*path'])
  audit(@Req() request: Request, @Res() response: Response) {
    return this.pass('audit', request, response);
  }

  private async pass(service: ForwardedService, request: Request, response: Response): Promise<void> {
    const answer = await this.forward.execute(service, {
      method: request.method,
      url: request.originalUrl,
      headers: request.headers,
      body: request.body,
    });
    response.status(answer.status).set(answer.headers).send(answer.body);
  }
}
