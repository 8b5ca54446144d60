export declare const SERVICES: readonly ['gateway', 'recommender', 'compliance', 'delivery', 'audit'];
export type ProcessService = (typeof SERVICES)[number];

export interface ProcessStackOptions {
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<ProcessService, Record<string, string>>>;
  logDir?: string;
}

/** The catalog's topics and the services' ACLs for the deployment `env` describes, as the admin principal. */
export declare function provisionBus(env: Record<string, string | undefined>): Promise<void>;

export declare class ProcessStack {
  constructor(options?: ProcessStackOptions);
  port(service: ProcessService): number;
  url(service: ProcessService): string;
  logFile(service: ProcessService): string;
  start(service: ProcessService, timeoutMs?: number, env?: Record<string, string>): Promise<void>;
  startAll(services?: readonly ProcessService[]): Promise<void>;
  kill(service: ProcessService): Promise<void>;
  stop(service: ProcessService): Promise<void>;
  restart(service: ProcessService): Promise<void>;
  pid(service: ProcessService): number | undefined;
  stopAll(): Promise<void>;
}
