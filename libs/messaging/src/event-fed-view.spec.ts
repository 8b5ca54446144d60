import { startPositions } from './event-fed-view';

describe('startPositions', () => {
  it("starts each partition at the durable group's committed offset and leaves the ones it never committed to the earliest", () => {
    expect(
      startPositions([
        {
          topic: 'lead.upserted',
          partitions: [
            { partition: 0, offset: '12' },
            { partition: 1, offset: '-1' },
            { partition: 2, offset: '0' },
          ],
        },
        { topic: 'erasure.requested', partitions: [{ partition: 0, offset: '-1' }] },
      ]),
    ).toEqual([
      { topic: 'lead.upserted', partition: 0, offset: '12' },
      { topic: 'lead.upserted', partition: 2, offset: '0' },
    ]);
  });
});
