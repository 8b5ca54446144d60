import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { IsDefined, IsString, MaxLength } from 'class-validator';
import { Public } from '@followup/auth';
import { ErrorCode } from '@followup/contracts';
import { ApiErrorResponses } from '@followup/http';
import { requestIdOf } from '@followup/logging';
import { UnsubscribeEmailUseCase } from './unsubscribe-email.use-case';
import { UNSUBSCRIBE_PATH } from './unsubscribe-links';

export class UnsubscribeQuery {
  @ApiProperty({ description: "The signed token of the email's List-Unsubscribe link" })
  @IsDefined()
  @IsString()
  @MaxLength(1024)
  token: string;
}

export class UnsubscribedDto {
  @ApiProperty({ example: true }) unsubscribed: boolean;
}

/**
 * The List-Unsubscribe-Post target (RFC 8058): mail clients POST `List-Unsubscribe=One-Click` to the link. Only
 * POST: a GET (a link scanner, a preview) unsubscribes nobody.
 */
@ApiTags('suppressions')
@Controller()
export class UnsubscribeController {
  constructor(private readonly unsubscribe: UnsubscribeEmailUseCase) {}

  @Post(UNSUBSCRIBE_PATH)
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'One-click unsubscribe from email (no login: the signed, unexpired token is the authorisation); idempotent' })
  @ApiOkResponse({ type: UnsubscribedDto })
  @ApiErrorResponses(ErrorCode.InvalidRequest, ErrorCode.Forbidden, ErrorCode.ServiceUnavailable)
  async post(@Query() query: UnsubscribeQuery, @Req() request: Request): Promise<UnsubscribedDto> {
    await this.unsubscribe.execute({ token: query.token, request_id: requestIdOf(request) });
    return { unsubscribed: true };
  }
}
