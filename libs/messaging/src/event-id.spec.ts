import { eventId } from './event-id';

// Expected values from Python's uuid.uuid5(UUID('6f1c2a9e-3b4d-4c8e-9a57-2d0e8b41f3c6'), name), not from this code.
describe('eventId', () => {
  it('is the RFC 4122 version 5 UUID of producer/type/subject in the Followup namespace', () => {
    expect(eventId('gateway', 'recommendation.requested', 'rec-1:1')).toBe('02f671db-d8d7-5772-865a-9e6f84c951d5');
    expect(eventId('delivery', 'delivery.attempted', 'rec-9:3')).toBe('b822a9f7-8775-56ec-9014-3f45d2003075');
  });

  it('differs when what the event describes differs', () => {
    expect(eventId('gateway', 'recommendation.requested', 'rec-1:2')).toBe('44727020-4945-58b5-a7cb-20e3567fdc32');
  });
});
