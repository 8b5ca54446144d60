export * from './erased-leads';
export * from './erased-lead.repository';
export * from './erased-leads.view';
export * from './erased-leads.module';
