import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiNoContentResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { HandleSmsStatusUseCase } from './handle-sms-status.use-case';
import { signedParamsOf } from './sms-inbound.controller';
import { SMS_PROVIDER_STATUSES } from './sms-status';

export const SMS_STATUS_PATH = '/api/v1/webhooks/sms/status';

/** The form fields of a Twilio-style status callback that are read; the provider sends more, all of them signed. */
export class SmsStatusForm {
  @ApiProperty({ description: "The provider's id of the message we sent" }) MessageSid: string;
  @ApiProperty({ enum: SMS_PROVIDER_STATUSES, description: 'undelivered and failed move the delivery to the next channel' })
  MessageStatus: string;
  @ApiPropertyOptional({ description: "The provider's error code, when it failed" }) ErrorCode?: string;
  @ApiPropertyOptional({ description: 'The recipient, E.164 (not read)' }) To?: string;
}

@ApiTags('webhooks')
@Controller()
export class SmsStatusController {
  constructor(private readonly handleStatus: HandleSmsStatusUseCase) {}

  @Post(SMS_STATUS_PATH)
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary:
      "Status callbacks from the SMS provider (no token: the provider's X-Twilio-Signature is the authorisation); a lost message falls back to the next channel",
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: SmsStatusForm })
  @ApiHeader({ name: 'X-Twilio-Signature', required: true, description: 'base64 HMAC-SHA1 of the URL and the sorted form fields' })
  @ApiNoContentResponse({ description: 'Recorded, or kept until its attempt is recorded (or a repeat, or a message no attempt sent)' })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.Forbidden, ErrorCode.ServiceUnavailable)
  async receive(@Req() request: Request, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    await this.handleStatus.execute({ path: request.originalUrl, params: signedParamsOf(request.body), signature });
  }
}
