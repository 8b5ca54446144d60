import { FollowupError } from '@followup/contracts';
import { ContractValidationPipe } from '@followup/http';
import { RecommendationRequestDto } from './recommendation.dto';

const request = {
  lead_id: 'LD-2048',
  last_engagement_date: '2026-04-18',
  engagement_history: [
    { type: 'email', outcome: 'opened' },
    { type: 'sms', outcome: 'replied' },
  ],
};

/** The request's violations (field → rules) as the API reports them, or undefined when it is valid. */
async function violationsOf(body: object): Promise<unknown> {
  try {
    await new ContractValidationPipe().transform(body, { type: 'body', metatype: RecommendationRequestDto });
    return undefined;
  } catch (error) {
    return (error as FollowupError).details?.violations;
  }
}

describe('RecommendationRequestDto: dates', () => {
  it.each([['2026-W16'], ['2026-W16-3'], ['2026-110'], ['20260418']])(
    'refuses %s, ISO 8601 the engine cannot read, as such and not as a date in the future',
    async (date) => {
      expect(await violationsOf({ ...request, last_engagement_date: date })).toEqual({ last_engagement_date: ['isCalendarDate'] });
      const history = [{ type: 'email', outcome: 'opened', occurred_at: date }, request.engagement_history[1]];
      expect(await violationsOf({ ...request, engagement_history: history })).toEqual({
        'engagement_history[0].occurred_at': ['isCalendarDate'],
      });
    },
  );

  it('takes a calendar date or date-time, and refuses one more than a day ahead as in the future', async () => {
    expect(await violationsOf({ ...request, last_engagement_date: '2026-04-18T15:04:05Z' })).toBeUndefined();
    expect(await violationsOf({ ...request, last_engagement_date: '2026-04-18' })).toBeUndefined();
    expect(await violationsOf({ ...request, last_engagement_date: '2099-01-01' })).toEqual({ last_engagement_date: ['notInFuture'] });
  });
});
