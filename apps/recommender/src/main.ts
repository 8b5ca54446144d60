import 'reflect-metadata';
import { runService } from '@followup/http';
import { createRecommenderApp } from './create-recommender-app';

runService('recommender', createRecommenderApp);
