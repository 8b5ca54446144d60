import { reachedAt } from './delivery-attempt.repository';

describe('reachedAt (when an attempt reached the lead, for the frequency cap)', () => {
  const started_at = new Date('2026-06-10T12:00:00.000Z');
  const finished_at = new Date('2026-06-10T12:00:04.000Z');

  it('counts a message or task from when it was recorded done', () => {
    expect(reachedAt({ status: 'delivered', started_at, finished_at })).toEqual(finished_at);
    expect(reachedAt({ status: 'task_created', started_at, finished_at })).toEqual(finished_at);
  });

  it('counts a send under way, or one of unknown outcome settled later (a crash found hours on), from its start', () => {
    expect(reachedAt({ status: 'in_progress', started_at })).toEqual(started_at);
    expect(reachedAt({ status: 'unknown', started_at, finished_at: new Date('2026-06-10T15:30:00.000Z') })).toEqual(started_at);
  });
});
