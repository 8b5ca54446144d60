import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

const suffix = randomUUID().slice(0, 8);

/**
 * This process among the instances of a service, as leases, job claims and per-instance consumer groups name it:
 * readable (host and pid) and unique (a random suffix, since pids repeat across containers).
 */
export function instanceId(service: string): string {
  return `${service}-${hostname()}-${process.pid}-${suffix}`;
}
