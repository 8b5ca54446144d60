import 'reflect-metadata';
import { runService } from '@followup/http';
import { createGatewayApp } from './create-gateway-app';

runService('gateway', createGatewayApp);
