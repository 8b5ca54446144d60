import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';

export interface LogBindings {
  request_id?: string;
  tenant?: string;
  lead_id?: string;
  recommendation_id?: string;
  topic?: string;
  [key: string]: unknown;
}

/**
 * Runs `work` with every PinoLogger call inside it bound to these fields: the Kafka handlers' equivalent
 * of what pino-http does for an HTTP request, so a request id follows the request across services.
 */
export function runWithLogContext<T>(bindings: LogBindings, work: () => Promise<T>): Promise<T> {
  const parent = storage.getStore()?.logger ?? PinoLogger.root;
  if (!parent) return work();
  return storage.run(new Store(parent.child(bindings)), work);
}

/** Adds fields to the current context's logger (HTTP request or Kafka message). */
export function bindLogContext(bindings: LogBindings): void {
  const store = storage.getStore();
  if (store) store.logger = store.logger.child(bindings);
}
