import { Topics } from '@followup/contracts';
import { Outbox, OutboxSource } from './outbox';
import { OutboxMessage } from './outbox-message';

function message(eventId: string): OutboxMessage {
  return { topic: Topics.DeliveryAttempted, key: 'lead-1', event: { event_id: eventId } };
}

describe('Outbox.relay', () => {
  it('publishes every due marker of a source in one publishAll, then clears each; an empty source publishes nothing', async () => {
    const publishes: string[][] = [];
    const cleared: string[] = [];
    const outbox = new Outbox({
      publishAll: async (messages: OutboxMessage[]) => void publishes.push(messages.map((m) => m.event.event_id)),
    } as never);
    const source: OutboxSource = {
      name: 'attempts',
      findDue: async () => [
        { messages: [message('a-1'), message('a-2')], clear: async () => void cleared.push('a') },
        { messages: [message('b-1')], clear: async () => void cleared.push('b') },
      ],
    };

    expect(await outbox.relay(source, new Date('2026-12-02T10:00:00Z'), 100)).toBe(2);
    expect(publishes).toEqual([['a-1', 'a-2', 'b-1']]);
    expect(cleared.sort()).toEqual(['a', 'b']);

    expect(await outbox.relay({ name: 'empty', findDue: async () => [] }, new Date('2026-12-02T10:00:00Z'), 100)).toBe(0);
    expect(publishes).toHaveLength(1);
  });

  it('clears nothing when the broker refuses the batch, so the next pass publishes the same events again', async () => {
    const cleared: string[] = [];
    const outbox = new Outbox({ publishAll: async () => Promise.reject(new Error('broker down')) } as never);
    const source: OutboxSource = {
      name: 'attempts',
      findDue: async () => [{ messages: [message('a-1')], clear: async () => void cleared.push('a') }],
    };

    await expect(outbox.relay(source, new Date('2026-12-02T10:00:00Z'), 100)).rejects.toThrow('broker down');
    expect(cleared).toEqual([]);
  });
});
