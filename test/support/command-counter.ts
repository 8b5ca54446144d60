import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Consumer, Kafka, Producer } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ServiceName, SERVICE_NAMES } from '@followup/contracts';

/** Connection housekeeping the driver sends on its own, not work a handler asked for. */
const HOUSEKEEPING = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'saslStart', 'saslContinue', 'buildInfo']);

/**
 * What the services sent between two readings, per service: MongoDB commands by name, Kafka produce requests and
 * the consumers' offset commits.
 */
export interface CostSnapshot {
  commands: Record<ServiceName, Record<string, number>>;
  produces: Record<ServiceName, number>;
  commits: Record<ServiceName, number>;
}

function perService<T>(value: () => T): Record<ServiceName, T> {
  return Object.fromEntries(SERVICE_NAMES.map((service) => [service, value()])) as Record<ServiceName, T>;
}

function emptySnapshot(): CostSnapshot {
  return { commands: perService(() => ({})), produces: perService(() => 0), commits: perService(() => 0) };
}

/** The service a client belongs to, from its client id (`followup-<service>-…`); the test's own clients have none. */
function serviceOfClient(clientId: string): ServiceName | undefined {
  return SERVICE_NAMES.find((service) => clientId.startsWith(`followup-${service}-`));
}

/**
 * Counts what the in-process services ask of MongoDB (driver command monitoring: `monitorCommands=true` on each
 * service's MONGO_URL, see `mongoUrlWithMonitoring`) and of Kafka (every producer's `Produce` and every consumer's
 * `OffsetCommit` requests, through kafkajs instrumentation). Call `instrumentKafka()` before the services start, `watch(service, app)` once each runs.
 * The test's own MongoClient and Kafka clients are not counted.
 */
export class CommandCounter {
  private totals = emptySnapshot();

  instrumentKafka(): void {
    const prototype = Kafka.prototype as unknown as {
      producer: (...args: unknown[]) => Producer;
      consumer: (...args: unknown[]) => Consumer;
      counted?: boolean;
    };
    if (prototype.counted) return;
    const { producer, consumer } = prototype;
    const counter = this;
    prototype.producer = function (this: Kafka, ...args: unknown[]): Producer {
      const client = producer.apply(this, args);
      client.on(client.events.REQUEST, ({ payload }) => counter.countRequest(payload, 'Produce', 'produces'));
      return client;
    };
    prototype.consumer = function (this: Kafka, ...args: unknown[]): Consumer {
      const client = consumer.apply(this, args);
      client.on(client.events.REQUEST, ({ payload }) => counter.countRequest(payload, 'OffsetCommit', 'commits'));
      return client;
    };
    prototype.counted = true;
  }

  private countRequest(request: { clientId: string; apiName: string }, apiName: string, into: 'produces' | 'commits'): void {
    const service = serviceOfClient(request.clientId);
    if (service && request.apiName === apiName) this.totals[into][service] += 1;
  }

  /** `COUNT_BY_COLLECTION=1` names each command with its collection (`insert:draft_texts`), to see where a cost is. */
  watch(service: ServiceName, app: INestApplication): void {
    const byCollection = process.env.COUNT_BY_COLLECTION === '1';
    const connection = app.get<Connection>(getConnectionToken());
    connection.getClient().on('commandStarted', (event) => {
      if (HOUSEKEEPING.has(event.commandName)) return;
      const byName = this.totals.commands[service];
      const name = byCollection ? `${event.commandName}:${String(event.command[event.commandName])}` : event.commandName;
      byName[name] = (byName[name] ?? 0) + 1;
    });
  }

  /** A copy of the counts so far; subtract two with `costBetween`. */
  snapshot(): CostSnapshot {
    return JSON.parse(JSON.stringify(this.totals)) as CostSnapshot;
  }
}

export function mongoUrlWithMonitoring(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}monitorCommands=true`;
}

export function costBetween(before: CostSnapshot, after: CostSnapshot): CostSnapshot {
  const cost = emptySnapshot();
  for (const service of SERVICE_NAMES) {
    for (const [name, count] of Object.entries(after.commands[service])) {
      const delta = count - (before.commands[service][name] ?? 0);
      if (delta !== 0) cost.commands[service][name] = delta;
    }
    cost.produces[service] = after.produces[service] - before.produces[service];
    cost.commits[service] = after.commits[service] - before.commits[service];
  }
  return cost;
}

/** `cost` less `background` scaled from its window to the cost's (background passes run on timers, so by time). */
export function lessBackground(cost: CostSnapshot, costMs: number, background: CostSnapshot, backgroundMs: number): CostSnapshot {
  const scale = costMs / backgroundMs;
  const net = emptySnapshot();
  for (const service of SERVICE_NAMES) {
    const names = new Set([...Object.keys(cost.commands[service]), ...Object.keys(background.commands[service])]);
    for (const name of names) {
      const value = (cost.commands[service][name] ?? 0) - (background.commands[service][name] ?? 0) * scale;
      if (Math.abs(value) >= 0.5) net.commands[service][name] = Math.round(value);
    }
    net.produces[service] = Math.round(cost.produces[service] - background.produces[service] * scale);
    net.commits[service] = Math.round(cost.commits[service] - background.commits[service] * scale);
  }
  return net;
}

export function totalCommands(cost: CostSnapshot, service?: ServiceName): number {
  const services: readonly ServiceName[] = service ? [service] : SERVICE_NAMES;
  return services.reduce((sum: number, name) => sum + Object.values(cost.commands[name]).reduce((a, b) => a + b, 0), 0);
}

export function totalProduces(cost: CostSnapshot): number {
  return SERVICE_NAMES.reduce((sum, service) => sum + cost.produces[service], 0);
}

function totalCommits(cost: CostSnapshot): number {
  return SERVICE_NAMES.reduce((sum, service) => sum + cost.commits[service], 0);
}

/** One table: per service, the commands by name, the produce requests and the offset commits, each divided by `operations`. */
export function costTable(title: string, cost: CostSnapshot, operations: number): string {
  const per = (value: number) => (value / operations).toFixed(2);
  const lines = [`${title} (per operation, N = ${operations})`, 'service      db cmds  produces  commits  db commands by name'];
  for (const service of SERVICE_NAMES) {
    const byName = Object.entries(cost.commands[service])
      .sort(([, a], [, b]) => b - a)
      .map(([name, count]) => `${name} ${per(count)}`)
      .join(', ');
    lines.push(
      `${service.padEnd(12)} ${per(totalCommands(cost, service)).padStart(7)}  ${per(cost.produces[service]).padStart(8)}  ${per(cost.commits[service]).padStart(7)}  ${byName}`,
    );
  }
  lines.push(
    `${'total'.padEnd(12)} ${per(totalCommands(cost)).padStart(7)}  ${per(totalProduces(cost)).padStart(8)}  ${per(totalCommits(cost)).padStart(7)}`,
  );
  return lines.join('\n');
}
