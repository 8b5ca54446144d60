import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { ForwardToServiceUseCase } from './forward-to-service.use-case';
import { FORWARDED_PATHS, findForwardedRoute } from './forwarded-routes';

/**
 * Routes whose data another service owns, served through the gateway so clients have one base URL: exactly the
 * paths of the route table. The gateway's guards (token, rate limit) have run; the owning service checks roles
 * and tenancy. The gateway's OpenAPI document describes them as their owners do (`forwarded-openapi.ts`).
 */
@ApiExcludeController()
@Controller()
export class ServiceRoutesController {
  constructor(private readonly forward: ForwardToServiceUseCase) {}

  @All(FORWARDED_PATHS)
  async pass(@Req() request: Request, @Res() response: Response): Promise<void> {
    const route = findForwardedRoute(request.method, (request.route as { path: string }).path);
    if (!route) {
      throw new FollowupError(ErrorCode.MethodNotAllowed, 'This method is not allowed on this route.', { method: request.method });
    }
    const answer = await this.forward.execute({
      route,
      params: request.params as Record<string, string>,
      query: request.query as Record<string, unknown>,
      headers: request.headers,
      body: request.body,
    });
    response.status(answer.status).set(answer.headers).send(answer.body);
  }
}
