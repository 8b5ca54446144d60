import { answerKeyOf } from './recommender-answers';

describe('answerKeyOf', () => {
  it('names the recommendation and attempt of a consumed answer, attempt 1 when the event gives none', () => {
    expect(answerKeyOf({ payload: { recommendation_id: 'r-1', attempt: 3, result: {} } })).toBe('r-1:3');
    expect(answerKeyOf({ payload: { recommendation_id: 'r-1' } })).toBe('r-1:1');
  });

  it('names nothing for a value that does not carry a recommendation id and a numeric attempt', () => {
    expect(answerKeyOf(null)).toBeUndefined();
    expect(answerKeyOf('text')).toBeUndefined();
    expect(answerKeyOf({ payload: { recommendation_id: 7 } })).toBeUndefined();
    expect(answerKeyOf({ payload: { recommendation_id: 'r-1', attempt: '2' } })).toBeUndefined();
  });
});
