export declare const SERVICES: readonly ['gateway', 'recommender', 'compliance', 'delivery', 'audit'];
export type ProcessService = (typeof SERVICES)[number];

export interface ProcessStackOptions {
  env?: Record<string, string>;
  serviceEnv?: Partial<Record<ProcessService, Record<string, string>>>;
  logDir?: string;
  /** another checkout whose dist/ runs (default: this one) */
  root?: string;
  /** processes per service (default 1): "gateway", "gateway@2", … */
  instances?: number;
}

/** A service, or one of its instances: "gateway", "gateway@2", … */
export type ProcessInstance = ProcessService | `${ProcessService}@${number}`;

/** The catalog's topics and the services' ACLs for the deployment `env` describes, as the admin principal. */
export declare function provisionBus(env: Record<string, string | undefined>, root?: string): Promise<void>;

export declare class ProcessStack {
  constructor(options?: ProcessStackOptions);
  port(service: ProcessInstance): number;
  url(service: ProcessInstance): string;
  logFile(service: ProcessInstance): string;
  start(service: ProcessInstance, timeoutMs?: number, env?: Record<string, string>): Promise<void>;
  instances(service: ProcessService): ProcessInstance[];
  allInstances(services?: readonly ProcessService[]): ProcessInstance[];
  startAll(services?: readonly ProcessService[]): Promise<void>;
  kill(service: ProcessInstance): Promise<void>;
  stop(service: ProcessInstance): Promise<void>;
  restart(service: ProcessInstance): Promise<void>;
  pid(service: ProcessInstance): number | undefined;
  ready(service: ProcessService): ProcessInstance[];
  stopAll(): Promise<void>;
}
