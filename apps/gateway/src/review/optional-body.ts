import { createParamDecorator, ExecutionContext, Injectable, PipeTransform, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { invalidRequestFrom } from '@followup/http';

/**
 * The JSON body, or `{}` when the request has none (a bare `POST …/approve`). The global validation pipe
 * refuses a missing body, so this custom parameter is validated by `ValidatedBody` instead, with the same
 * rules and the same 400.
 */
export const OptionalBody = createParamDecorator((_: unknown, context: ExecutionContext): unknown => {
  const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
  // an empty array is a body (refused below), not the absence of one
  return body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)
    ? {}
    : body;
});

@Injectable()
export class ValidatedBody<T extends object> implements PipeTransform<unknown, Promise<T>> {
  constructor(private readonly dto: Type<T>) {}

  async transform(value: unknown): Promise<T> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new FollowupError(ErrorCode.InvalidRequest, 'Request body must be a JSON object sent as application/json.', {
        reason: 'body_not_an_object',
      });
    }
    const instance = plainToInstance(this.dto, value);
    const errors = await validate(instance, {
      whitelist: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: true },
    });
    if (errors.length > 0) throw invalidRequestFrom(errors);
    return instance;
  }
}
