import 'reflect-metadata';
import { runService } from '@followup/http';
import { createComplianceApp } from './create-compliance-app';

runService('compliance', createComplianceApp);
