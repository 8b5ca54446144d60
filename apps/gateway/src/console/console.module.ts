import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';

/** Serves the review console (apps/console) at /console, and the small configuration and login routes it needs. */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
