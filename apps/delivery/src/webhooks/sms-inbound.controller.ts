import { Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@followup/auth';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { requestIdOf } from '@followup/logging';
import { HandleInboundSmsUseCase } from './handle-inbound-sms.use-case';
import { SignedParams } from './provider-signature';

export const SMS_INBOUND_PATH = '/api/v1/webhooks/sms/inbound';

/** The form fields of a Twilio-style inbound message that are read; the provider sends more, all of them signed. */
export class InboundSmsForm {
  @ApiProperty({ description: "The provider's message id; a second request with it is a replay and changes nothing" })
  MessageSid: string;
  @ApiProperty({ description: 'The sender, E.164' }) From: string;
  @ApiProperty({ description: 'Our receiving number, E.164: it says which tenants (SMS_INBOUND_NUMBERS)' }) To: string;
  @ApiPropertyOptional({ description: 'The text: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT opt out; START, UNSTOP, YES opt in' })
  Body?: string;
}

/** The form as the provider posted it: text fields, a repeated one as a list; anything else (a JSON body) is no form. */
export function signedParamsOf(body: unknown): SignedParams {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const entries = Object.entries(body as Record<string, unknown>);
  const isText = (value: unknown) => typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
  if (!entries.every(([, value]) => isText(value))) {
    throw new FollowupError(ErrorCode.InvalidRequest, 'The request body is not a form of text fields.', { reason: 'malformed_form' });
  }
  return Object.fromEntries(entries) as SignedParams;
}

/** The empty TwiML answer: nothing to send back (the provider confirms an opt-out to the sender itself). */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

@ApiTags('webhooks')
@Controller()
export class SmsInboundController {
  constructor(private readonly handleInbound: HandleInboundSmsUseCase) {}

  @Post(SMS_INBOUND_PATH)
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Inbound texts from the SMS provider (no token: the provider's X-Twilio-Signature is the authorisation); STOP/START opt out and in",
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: InboundSmsForm })
  @ApiHeader({ name: 'X-Twilio-Signature', required: true, description: 'base64 HMAC-SHA1 of the URL and the sorted form fields' })
  @ApiOkResponse({ description: 'Handled (or a replay): an empty TwiML <Response/>' })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.Forbidden, ErrorCode.ServiceUnavailable)
  async receive(@Req() request: Request, @Res() response: Response, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    const params = signedParamsOf(request.body);
    await this.handleInbound.execute({ path: request.originalUrl, params, signature, request_id: requestIdOf(request) });
    response.status(200).type('text/xml').send(EMPTY_TWIML);
  }
}
