import { SuppressionEntry, SuppressionIndex } from './suppression-index';

const ID = '5f0c7a52-9d1e-4b8a-a7c3-2e6f1d9b0c44';
const stop: SuppressionEntry = { tenant: 'acme', suppression_id: ID, channel: 'sms', address: '+14155550123', active: true };
const start: SuppressionEntry = { ...stop, active: false };

describe('SuppressionIndex', () => {
  it('answers from the loaded entries: active ones only, per tenant and channel', () => {
    const index = new SuppressionIndex([
      stop,
      { tenant: 'acme', suppression_id: 'b1', channel: 'email', address: 'sarah@example.com', active: false },
    ]);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBe(true);
    expect(index.isActive('acme', 'email', '+14155550123')).toBe(false);
    expect(index.isActive('globex', 'sms', '+14155550123')).toBe(false);
    expect(index.isActive('acme', 'email', 'sarah@example.com')).toBe(false);
  });

  it("takes this instance's own write at once, an opt back in as well", () => {
    const index = new SuppressionIndex();
    index.put(stop);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBe(true);
    index.put(start);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBe(false);
  });

  it("does not know the tenant's answers while an announced change is read, and knows them from its result", () => {
    const index = new SuppressionIndex();
    const read = index.reading('acme', ID);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBeUndefined();
    expect(index.isActive('acme', 'email', 'other@example.com')).toBeUndefined();
    expect(index.isActive('globex', 'sms', '+14155550123')).toBe(false);
    index.settle(read, stop);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBe(true);
  });

  it('keeps only the newest of two reads of an entry, whichever answers last', () => {
    const index = new SuppressionIndex([start]);
    const first = index.reading('acme', ID);
    const second = index.reading('acme', ID);
    index.settle(second, stop);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBeUndefined();
    index.settle(first, start);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBe(true);
  });

  it("ignores a read that started before this instance's own write of the entry", () => {
    const index = new SuppressionIndex();
    const before = index.reading('acme', ID);
    index.put(stop);
    index.settle(before, start);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBe(true);
    const after = index.reading('acme', ID);
    index.settle(after, start);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBe(false);
  });

  it('answers again once every read of the tenant settled, also one that found nothing', () => {
    const index = new SuppressionIndex();
    const one = index.reading('acme', ID);
    const other = index.reading('acme', 'b2');
    index.settle(one, null);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBeUndefined();
    index.settle(other, null);
    expect(index.isActive('acme', 'sms', '+14155550123')).toBe(false);
  });
});
