import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, signDevelopmentToken } from '@followup/auth';
import { Environment } from '@followup/config';
import { toErrorResponse } from '@followup/http';
import { consoleBundleDirectory, consoleFileFor } from './console-bundle';
import { ConsoleConfig, consoleConfig, consoleContentSecurityPolicy } from './console-access';
import { DevelopmentLoginGuard } from './development-login.guard';
import { DevelopmentTokenRequestDto } from './development-token.dto';

const DEVELOPMENT_TOKEN_SECONDS = 3600;

/** The review console: its configuration, its development login, and its static files (the browser app itself). */
@ApiExcludeController()
@Public()
@Controller('console')
export class ConsoleController {
  private readonly bundle = consoleBundleDirectory();

  constructor(private readonly environment: Environment) {}

  @Get('config.json')
  config(): ConsoleConfig {
    return consoleConfig(this.environment);
  }

  /** Only where developmentLoginAllowed: everywhere else the route does not exist (404 ROUTE_NOT_FOUND). */
  @Post('dev-token')
  @UseGuards(DevelopmentLoginGuard)
  @HttpCode(200)
  developmentToken(@Body() request: DevelopmentTokenRequestDto): { access_token: string; expires_in: number } {
    const access_token = signDevelopmentToken(
      { sub: request.sub, tenant: request.tenant, roles: [request.role] },
      {
        secret: this.environment.JWT_SECRET,
        issuer: this.environment.JWT_ISSUER,
        audience: this.environment.JWT_AUDIENCE,
        expiresInSeconds: DEVELOPMENT_TOKEN_SECONDS,
      },
    );
    return { access_token, expires_in: DEVELOPMENT_TOKEN_SECONDS };
  }

  @Get()
  page(@Res() response: Response): void {
    this.send(response, '');
  }

  @Get('*path')
  file(@Param('path') path: string[] | string, @Res() response: Response): void {
    this.send(response, Array.isArray(path) ? path.join('/') : path);
  }

  private send(response: Response, path: string): void {
    if (!this.bundle) throw new NotFoundException();
    const file = consoleFileFor(path);
    response.setHeader('Content-Security-Policy', consoleContentSecurityPolicy(this.environment));
    // file names under assets/ carry their content hash; the page itself is always asked for again
    response.setHeader('Cache-Control', file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    response.sendFile(file, { root: this.bundle, dotfiles: 'deny' }, (error) => {
      if (error && !response.headersSent) {
        response.removeHeader('Cache-Control');
        const { status, body } = toErrorResponse(new NotFoundException());
        response.status(status).json(body);
      }
    });
  }
}
