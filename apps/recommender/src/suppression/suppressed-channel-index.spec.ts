import { SuppressionChangedEvent } from '@followup/contracts';
import { SuppressedChannelIndex, suppressedChannelRecordsOf } from './suppressed-channel-index';

const at = (time: string) => new Date(`2026-12-02T${time}:00.000Z`);
const change = (lead_id: string, suppression_id: string, channel: 'sms' | 'email', active: boolean, time: string) => ({
  lead_id,
  suppression_id,
  channel,
  active,
  changed_at: at(time),
});

describe('suppressedChannelRecordsOf', () => {
  it('makes one record per lead named, active for a suppression and not for a release', () => {
    const event = {
      tenant: 'acme',
      payload: {
        suppression_id: 'S-1',
        change: 'released',
        channel: 'email',
        lead_ids: ['LD-1', 'LD-2'],
        changed_at: '2026-12-02T10:00:00.000Z',
      },
    } as SuppressionChangedEvent;
    expect(suppressedChannelRecordsOf(event)).toEqual([
      { tenant: 'acme', lead_id: 'LD-1', suppression_id: 'S-1', channel: 'email', active: false, changed_at: at('10:00') },
      { tenant: 'acme', lead_id: 'LD-2', suppression_id: 'S-1', channel: 'email', active: false, changed_at: at('10:00') },
    ]);
  });
});

describe('SuppressedChannelIndex', () => {
  it("answers the channels of a lead's active suppressions, each once", () => {
    const index = new SuppressedChannelIndex();
    index.apply(change('LD-1', 'S-1', 'sms', true, '10:00'));
    index.apply(change('LD-1', 'S-2', 'email', false, '10:00'));
    index.apply(change('LD-1', 'S-3', 'sms', true, '10:00'));
    index.apply(change('LD-2', 'S-4', 'email', true, '10:00'));
    expect(index.channelsOf('LD-1')).toEqual(['sms']);
    expect(index.channelsOf('LD-2')).toEqual(['email']);
    expect(index.channelsOf('LD-3')).toEqual([]);
  });

  it('keeps the newest change of a suppression: an older or same-time one, redelivered or late, changes nothing', () => {
    const index = new SuppressedChannelIndex();
    expect(index.apply(change('LD-1', 'S-1', 'sms', true, '10:00'))).toBe(true);
    expect(index.apply(change('LD-1', 'S-1', 'sms', false, '11:00'))).toBe(true);
    expect(index.channelsOf('LD-1')).toEqual([]);
    expect(index.apply(change('LD-1', 'S-1', 'sms', true, '10:00'))).toBe(false);
    expect(index.apply(change('LD-1', 'S-1', 'sms', true, '11:00'))).toBe(false);
    expect(index.channelsOf('LD-1')).toEqual([]);
    expect(index.apply(change('LD-1', 'S-1', 'sms', true, '12:00'))).toBe(true);
    expect(index.channelsOf('LD-1')).toEqual(['sms']);
  });
});
