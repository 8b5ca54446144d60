import { BeforeApplicationShutdown, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Admin, EachMessagePayload } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { Environment, within } from '@followup/config';
import { EventEnvelope, ServiceName, TopicName } from '@followup/contracts';
import { busTopic, logicalTopic } from './bus-topics';
import { checkEvent } from './event-consumer';
import { InstanceConsumer, PartitionPosition, topicEnds } from './instance-consumer';
import { CONSUMER_FETCH_WAIT_MS } from './kafka-options';
import { ShutdownStop } from './shutdown-stop';

type EventClass = new () => EventEnvelope<object>;

export interface EventFedTopic {
  topic: TopicName;
  /** The class the topic's messages are checked against; a message that fails the check is skipped. */
  event: EventClass;
  /**
   * The durable group whose handlers write what `load` reads from this topic's events: the view starts each partition
   * at that group's committed offset. Without one (the collection is written before the event is published, as by an
   * outbox), the view starts at the partition's end as it was before `load`.
   */
  durableGroupId?: string;
}

export interface EventFedViewSettings {
  service: ServiceName;
  /** Names the view in its consumer groups and logs: `lead-directory`. */
  name: string;
  topics: readonly EventFedTopic[];
}

/**
 * The positions the view starts at, from offsets per partition (a durable group's committed offsets, or the
 * partitions' ends); a partition without an offset (-1: the group never committed one) is left out, so it is read
 * from its earliest offset.
 */
export function startPositions(
  offsets: ReadonlyArray<{ topic: string; partitions: ReadonlyArray<{ partition: number; offset: string }> }>,
): PartitionPosition[] {
  return offsets.flatMap(({ topic, partitions }) =>
    partitions.filter(({ offset }) => Number(offset) >= 0).map(({ partition, offset }) => ({ topic, partition, offset })),
  );
}

/**
 * How long a view may go without a finished fetch (one comes at least every CONSUMER_FETCH_WAIT_MS while its consumer
 * is in its group) before `answering()` leaves the answer to the collection.
 */
export const VIEW_MAX_SILENCE_MS = 3 * CONSUMER_FETCH_WAIT_MS;

/** How long start-up waits for the view to be loaded and fetching before the service runs without it. */
const VIEW_START_WAIT_MS = 10_000;

/**
 * A collection a service writes from events, held in memory on every instance and fed by the same events, so a
 * look-up reads memory instead of scanning the collection. Each instance reads the topics through an InstanceConsumer
 * (a group of its own that never commits and reads every partition):
 *
 * - No gap at start: the view takes its start offsets first (per topic, the durable group's committed offsets, or
 *   the partitions' ends, see EventFedTopic), then loads the collection, which holds at least every event before
 *   them, then applies the events from those offsets on; the ones that arrive while it loads wait, in arrival order.
 *   Events after a start offset may be in the collection already and come again, so `apply` must be an idempotent
 *   full-state upsert or delete (a version or a time decides which of two states wins), as the durable writer's is.
 * - Staleness: the view lags the topic by its consumer's fetch latency, as the durable writer does (both are
 *   answered a fetch as soon as the broker has records); while the broker is away both stand still. The two are
 *   different consumers, though: the view's alone may stall (its group's coordinator out of reach, kafkajs restarting
 *   it) while the writer goes on, which `answering()` leaves to the collection.
 * - `answering()` gives the state only while the view is loaded and fetching; until then (start-up, the broker away
 *   at start, a consumer kafkajs gave up, which is started again from fresh offsets) the caller reads the collection.
 */
export abstract class EventFedView<State> implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  /** Set once loaded; events apply to it from then on. */
  private state?: State;
  /** Loaded and fetching. */
  private live = false;
  /** Set as the shutdown begins: the view no longer follows its events, so it no longer answers either. */
  private closing = false;
  /** The events that arrived while the collection was being read, in arrival order. */
  private arrivedWhileLoading: EventEnvelope<object>[] = [];
  /** When the consumer last started or finished a fetch (at most CONSUMER_FETCH_WAIT_MS apart while it is in its group). */
  private lastFetchAt = 0;
  private readonly consumer: InstanceConsumer;
  private readonly shutdown = new ShutdownStop(() => this.consumer.stop());
  private markReady!: () => void;
  /** Settles once the view is loaded and its consumer fetches: from then on `answering()` answers. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  protected constructor(
    private readonly environment: Environment,
    private readonly settings: EventFedViewSettings,
    private readonly viewLogger: PinoLogger,
  ) {
    this.consumer = new InstanceConsumer(
      environment,
      { service: settings.service, name: settings.name, topics: settings.topics.map(({ topic }) => topic) },
      {
        startPositions: (admin) => this.startOffsets(admin),
        receive: (payload) => this.receive(payload),
        fetching: () => {
          this.lastFetchAt = Date.now();
          this.goLive();
        },
        running: async () => {
          const state = await this.load();
          for (const event of this.arrivedWhileLoading.splice(0)) this.apply(state, event);
          this.state = state;
          this.goLive();
        },
        restarting: () => {
          this.live = false;
          this.state = undefined;
          this.lastFetchAt = 0;
          this.arrivedWhileLoading = [];
        },
      },
      viewLogger,
    );
  }

  /** Reads the collection into a fresh state. */
  protected abstract load(): Promise<State>;

  /** Applies one event to the state: an idempotent full-state upsert or delete. */
  protected abstract apply(state: State, event: EventEnvelope<object>): void;

  /**
   * The state to answer a look-up from, or undefined when the caller must read the collection instead: before the
   * view is live, and whenever its consumer has not finished a fetch for VIEW_MAX_SILENCE_MS (the collection may go on
   * changing meanwhile, written by a durable group that still fetches or by other paths than these events).
   */
  protected answering(): State | undefined {
    return Date.now() - this.lastFetchAt > VIEW_MAX_SILENCE_MS ? undefined : this.held();
  }

  /** The live state, however long the consumer has been quiet: where this instance puts its own writes at once. */
  protected held(): State | undefined {
    return this.live ? this.state : undefined;
  }

  /**
   * Nest awaits this before the HTTP server listens, so a started service reports ready with its view live. Bounded:
   * with the broker away the service still starts, and its look-ups read the collection until the view is live.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.consumer.start();
    const started = await within(this.ready, VIEW_START_WAIT_MS, () => 'gave_up' as const);
    if (started === 'gave_up') this.viewLogger.warn({ view: this.settings.name }, 'view not live yet; look-ups read the database');
  }

  /**
   * The view's consumer stops as the shutdown begins, beside the service's other consumers (ShutdownStop). Its state
   * would go stale from then on while HTTP requests and the service's own jobs still run (they stop later in the
   * shutdown), so they read the collection instead.
   */
  beforeApplicationShutdown(): void {
    this.closing = true;
    this.live = false;
    this.shutdown.begin();
  }

  onApplicationShutdown(): Promise<void> {
    return this.shutdown.finish();
  }

  /**
   * Live once loaded and fetching. A fetch started means the group is joined and the start positions are in place; the
   * broker answers at once when there is something past them, so a view going live then misses nothing a finished
   * fetch would have shown.
   */
  private goLive(): void {
    if (this.live || this.closing || this.lastFetchAt === 0 || this.state === undefined) return;
    this.live = true;
    this.viewLogger.info({ view: this.settings.name }, 'view live');
    this.markReady();
  }

  /** Per topic, its durable group's committed offsets or, for a topic without one, the partitions' ends now. */
  private async startOffsets(admin: Admin): Promise<PartitionPosition[]> {
    const offsets = await Promise.all(
      this.settings.topics.map(async ({ topic, durableGroupId }) => {
        const name = busTopic(this.environment, topic);
        if (durableGroupId === undefined) return topicEnds(admin, [name]);
        const [committed] = await admin.fetchOffsets({ groupId: durableGroupId, topics: [name] });
        return startPositions([committed]);
      }),
    );
    return offsets.flat();
  }

  private async receive({ topic, message }: EachMessagePayload): Promise<void> {
    const logical = logicalTopic(this.environment, topic);
    const eventClass = this.settings.topics.find((entry) => entry.topic === logical)?.event;
    if (!eventClass || !message.value) return;
    let raw: unknown;
    try {
      raw = JSON.parse(message.value.toString('utf8'));
    } catch {
      return; // the durable group dead-letters it
    }
    const checked = await checkEvent(eventClass, raw);
    if (checked.problem !== undefined) return;
    if (this.state !== undefined) this.apply(this.state, checked.event);
    else this.arrivedWhileLoading.push(checked.event);
  }
}
