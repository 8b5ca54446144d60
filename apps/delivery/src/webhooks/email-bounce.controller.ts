import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { BOUNCE_SEVERITIES } from './email-bounce';
import { HandleEmailBounceUseCase } from './handle-email-bounce.use-case';
import { signedParamsOf } from './sms-inbound.controller';

export const EMAIL_BOUNCE_PATH = '/api/v1/webhooks/email/bounce';

/** The form the email provider posts for a bounce (Mailgun-style signature fields). */
export class EmailBounceForm {
  @ApiProperty({ description: 'Unix seconds, signed; refused when more than 300 s from our clock' }) timestamp: string;
  @ApiProperty({ description: 'A random string, signed' }) token: string;
  @ApiProperty({ description: 'hex HMAC-SHA256 of timestamp + token with EMAIL_WEBHOOK_SIGNING_KEY' }) signature: string;
  @ApiProperty({ description: 'The Message-ID of the email we sent' }) message_id: string;
  @ApiProperty({ enum: BOUNCE_SEVERITIES, description: 'permanent moves the delivery to the next channel' }) severity: string;
  @ApiPropertyOptional({ description: "The provider's reason (not stored: it may quote the address)" }) reason?: string;
}

@ApiTags('webhooks')
@Controller()
export class EmailBounceController {
  constructor(private readonly handleBounce: HandleEmailBounceUseCase) {}

  @Post(EMAIL_BOUNCE_PATH)
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary:
      "Bounces from the email provider (no token: the provider's signature is the authorisation); a hard bounce falls back to the next channel",
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: EmailBounceForm })
  @ApiNoContentResponse({ description: 'Recorded, or kept until its attempt is recorded (or a repeat, or a message no attempt sent)' })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.Forbidden, ErrorCode.ServiceUnavailable)
  async receive(@Req() request: Request): Promise<void> {
    await this.handleBounce.execute(signedParamsOf(request.body));
  }
}
