import 'reflect-metadata';
import { runService } from '@followup/http';
import { createAuditApp } from './create-audit-app';

runService('audit', createAuditApp);
