import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { requestIdOf } from '@followup/logging';
import { ForwardToServiceUseCase } from './forward-to-service.use-case';
import { ANONYMOUS_FORWARDED_PATHS, FORWARDED_PATHS, findForwardedRoute } from './forwarded-routes';

/** Far more than a provider's webhook or a one-click unsubscribe form needs. */
const MAX_ANONYMOUS_BODY_BYTES = 64 * 1024;

/** The body as received: parsed already when it was JSON (as JSON again), otherwise the raw bytes, up to the limit. */
async function receivedBody(request: Request): Promise<unknown> {
  if (request.body !== undefined) return request.body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_ANONYMOUS_BODY_BYTES) throw new FollowupError(ErrorCode.PayloadTooLarge, 'The request body is too large.', { limit_bytes: MAX_ANONYMOUS_BODY_BYTES });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

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
  pass(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forwardRequest(request, response, request.body);
  }

  /** Routes whose owner authenticates the caller itself (see ForwardedRoute.anonymous): no token here. */
  @All(ANONYMOUS_FORWARDED_PATHS)
  @Public()
  async passAnonymous(@Req() request: Request, @Res() response: Response): Promise<void> {
    const route = findForwardedRoute(request.method, (request.route as { path: string }).path);
    return this.forwardRequest(request, response, route ? await receivedBody(request) : undefined);
  }

  private async forwardRequest(request: Request, response: Response, body: unknown): Promise<void> {
    const route = findForwardedRoute(request.method, (request.route as { path: string }).path);
    if (!route) {
      throw new FollowupError(ErrorCode.MethodNotAllowed, 'This method is not allowed on this route.', { method: request.method });
    }
    const answer = await this.forward.execute({
      route,
      params: request.params as Record<string, string>,
      query: request.query as Record<string, unknown>,
      headers: request.headers,
      requestId: requestIdOf(request),
      body,
    });
    response.status(answer.status).set(answer.headers).send(answer.body);
  }
}
