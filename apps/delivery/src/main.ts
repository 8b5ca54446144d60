import 'reflect-metadata';
import { runService } from '@followup/http';
import { createDeliveryApp } from './create-delivery-app';

runService('delivery', createDeliveryApp);
