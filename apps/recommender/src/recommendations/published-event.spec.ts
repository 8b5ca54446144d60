import { Topics } from '@followup/contracts';
import { publishedEvent, publishedJson } from './published-event';

describe('published events', () => {
  it('keeps an event as its JSON text and gives that text back', () => {
    const kept = publishedEvent(Topics.RecommendationGenerated, { event_id: 'e-1', payload: { score: 7 } });
    expect(kept).toEqual({ topic: 'followup.recommendation.generated.v1', json: '{"event_id":"e-1","payload":{"score":7}}' });
    expect(publishedJson(kept)).toBe('{"event_id":"e-1","payload":{"score":7}}');
  });

  it('encodes the event of a record stored before events were kept as text', () => {
    expect(publishedJson({ topic: Topics.RecommendationFailed, event: { event_id: 'e-2', payload: { attempt: 1 } } })).toBe(
      '{"event_id":"e-2","payload":{"attempt":1}}',
    );
  });
});
