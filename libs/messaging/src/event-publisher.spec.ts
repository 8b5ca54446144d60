import { Topics } from '@followup/contracts';
import { EventPublisher, OutgoingMessage, PublishFailedError, sendsOf } from './event-publisher';

const quietLogger = { setContext: () => undefined, warn: () => undefined };

const unprefixed = { KAFKA_TOPIC_PREFIX: '' };

function publisherWith(producer: { sendBatch: (batch: unknown) => Promise<unknown> }, namespace = unprefixed) {
  const client = { connect: async () => producer, close: async () => undefined };
  return { publisher: new EventPublisher(client as never, namespace as never, quietLogger as never) };
}

describe('EventPublisher', () => {
  it('sends the events published in one tick as one sendBatch, grouped by topic (named on the bus), JSON with the request id header, acks from all replicas', async () => {
    const batches: unknown[] = [];
    const { publisher } = publisherWith({ sendBatch: async (batch) => void batches.push(batch) }, { KAFKA_TOPIC_PREFIX: 'it-7.' });

    await Promise.all([
      publisher.publish(Topics.DeliveryAttempted, 'lead-1', { request_id: 'req-1', n: 1 } as never),
      publisher.publishAll([
        { topic: Topics.NotificationRequested, key: 'lead-1', event: { event_id: 'e-2', request_id: 'req-1' } },
        { topic: Topics.DeliveryAttempted, key: 'lead-2', event: { event_id: 'e-3' } },
      ]),
    ]);

    expect(batches).toEqual([
      {
        acks: -1,
        topicMessages: [
          {
            topic: 'it-7.followup.delivery.attempted.v1',
            messages: [
              { key: 'lead-1', value: '{"request_id":"req-1","n":1}', headers: { 'x-request-id': 'req-1' } },
              { key: 'lead-2', value: '{"event_id":"e-3"}', headers: {} },
            ],
          },
          {
            topic: 'it-7.followup.notifications.v1',
            messages: [{ key: 'lead-1', value: '{"event_id":"e-2","request_id":"req-1"}', headers: { 'x-request-id': 'req-1' } }],
          },
        ],
      },
    ]);
  });

  it('cuts what one tick publishes past 512 KiB into sends one after another, in order', async () => {
    const sent: string[][] = [];
    const { publisher } = publisherWith({
      sendBatch: async (batch) => {
        const { topicMessages } = batch as { topicMessages: { messages: { value: string }[] }[] };
        sent.push(topicMessages.flatMap(({ messages }) => messages.map(({ value }) => value.slice(0, 1))));
      },
    });
    // 200,006 bytes each (key 'lead-1' and the value): two fit in 524,288, the third does not
    await Promise.all(
      ['a', 'b', 'c'].map((letter) => publisher.publishEncoded(Topics.AuditRecorded, 'lead-1', letter.repeat(200_000), {})),
    );
    expect(sent).toEqual([['a', 'b'], ['c']]);
  });

  it('fails each publish of a refused batch with PublishFailedError naming its topic', async () => {
    const { publisher } = publisherWith({ sendBatch: async () => Promise.reject(new Error('leader not available')) });

    await expect(publisher.publish(Topics.DeliveryAttempted, 'lead-1', {})).rejects.toThrow(PublishFailedError);
    await expect(publisher.publish(Topics.DeliveryAttempted, 'lead-1', {})).rejects.toThrow(
      `Could not publish to ${Topics.DeliveryAttempted}: leader not available`,
    );
  });

  it('forgets a failed connection, so the next publish connects again', async () => {
    // like Nest's ClientKafka: connect() keeps its first promise, failed or not, until close()
    let connects = 0;
    let connecting: Promise<unknown> | undefined;
    const batches: unknown[] = [];
    const client = {
      connect: () =>
        (connecting ??= (async () => {
          connects += 1;
          if (connects === 1) throw new Error('broker down');
          return { sendBatch: async (batch: unknown) => void batches.push(batch) };
        })()),
      close: async () => void (connecting = undefined),
    };
    const publisher = new EventPublisher(client as never, unprefixed as never, quietLogger as never);

    await expect(publisher.publish(Topics.DeliveryAttempted, 'lead-1', {})).rejects.toThrow('broker down');
    await publisher.publish(Topics.DeliveryAttempted, 'lead-1', {});
    expect(connects).toBe(2);
    expect(batches).toHaveLength(1);
  });
});

describe('sendsOf', () => {
  // 8 bytes each: key 'k' (1), value 'xxxx' (4), header 'h' and 'vv' (3)
  const small = (value = 'xxxx'): OutgoingMessage => ({ topic: Topics.AuditRecorded, key: 'k', value, headers: { h: 'vv' } });

  it('keeps the order and starts a new send when the next message would pass the limit', () => {
    const messages = ['x001', 'x002', 'x003', 'x004', 'x005'].map(small);
    expect(sendsOf(messages, 20).map((send) => send.map(({ value }) => value))).toEqual([['x001', 'x002'], ['x003', 'x004'], ['x005']]);
  });

  it('sends a message larger than the limit alone', () => {
    const big = small('y'.repeat(26)); // 30 bytes
    expect(sendsOf([small('x001'), big, small('x002')], 20).map((send) => send.length)).toEqual([1, 1, 1]);
  });

  it('sends nothing for no message', () => {
    expect(sendsOf([], 20)).toEqual([]);
  });
});
