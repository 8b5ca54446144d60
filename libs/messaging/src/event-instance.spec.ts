import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsString, validateSync, ValidateNested } from 'class-validator';
import * as contracts from '@followup/contracts';
import {
  AiServiceVersion,
  ChannelScore,
  EventActor,
  EventEnvelope,
  PriorityExplanation,
  RecommendationGeneratedEvent,
  RecommendationGeneratedPayload,
  RecommendationResult,
} from '@followup/contracts';
import { eventInstance } from './event-instance';

/** A generated event as the recommender published it in a run of the stack (the recommender's record keeps its text). */
function recordedGeneratedEvent(): Record<string, unknown> {
  const record = JSON.parse(readFileSync(join(__dirname, '../../../bench/fixtures/recommendation-record.json'), 'utf8'));
  return JSON.parse(JSON.stringify(record.outcome_event.event));
}

describe('eventInstance', () => {
  it('makes each @Type property of a recorded event an instance of its class, and the rest as parsed', () => {
    const raw = recordedGeneratedEvent();
    const event = eventInstance(RecommendationGeneratedEvent, raw);

    expect(event).toBeInstanceOf(RecommendationGeneratedEvent);
    expect(event.actor).toBeInstanceOf(EventActor);
    expect(event.payload).toBeInstanceOf(RecommendationGeneratedPayload);
    expect(event.payload.result).toBeInstanceOf(RecommendationResult);
    expect(event.payload.ai_service_version).toBeInstanceOf(AiServiceVersion);
    expect(event.payload.priority_explanation).toBeInstanceOf(PriorityExplanation);
    expect(event.payload.channel_ranking).toHaveLength(3);
    for (const score of event.payload.channel_ranking) expect(score).toBeInstanceOf(ChannelScore);
    // no nested class: a copy of the parsed object
    const parsedFactors = (raw.payload as Record<string, unknown>).score_factors;
    expect(event.payload.score_factors).toEqual(parsedFactors);
    expect(event.payload.score_factors).not.toBe(parsedFactors);
    expect(validateSync(event, { forbidUnknownValues: true })).toEqual([]);
  });

  it('gives what plainToInstance gives for the recorded event, field for field', () => {
    const raw = recordedGeneratedEvent();
    expect(eventInstance(RecommendationGeneratedEvent, raw)).toStrictEqual(plainToInstance(RecommendationGeneratedEvent, raw));
  });

  it('leaves out of every object, nested or not, the keys plainToInstance leaves out', () => {
    const raw = recordedGeneratedEvent();
    const payload = raw.payload as Record<string, unknown>;
    payload.score_factors = JSON.parse('{"__proto__": {"polluted": 1}, "toString": 3, "recency": 0.5}');
    payload.decision_inputs = JSON.parse('{"tiers": [{"hasOwnProperty": 4, "tier": "smb"}], "prior_strength": 4}');
    const event = eventInstance(RecommendationGeneratedEvent, raw);
    expect(event.payload.score_factors).toStrictEqual({ recency: 0.5 });
    expect(event.payload.decision_inputs).toStrictEqual({ tiers: [{ tier: 'smb' }], prior_strength: 4 });
    expect(event).toStrictEqual(plainToInstance(RecommendationGeneratedEvent, raw));
  });

  it('leaves out a nested `constructor` key, on which plainToInstance throws (it takes the value for the class)', () => {
    const raw = recordedGeneratedEvent();
    (raw.payload as Record<string, unknown>).score_factors = { constructor: 2, recency: 0.5 };
    expect(() => plainToInstance(RecommendationGeneratedEvent, raw)).toThrow(TypeError);
    expect(eventInstance(RecommendationGeneratedEvent, raw).payload.score_factors).toStrictEqual({ recency: 0.5 });
  });

  it('lets validation find what is wrong inside a nested instance', () => {
    const raw = recordedGeneratedEvent();
    const payload = raw.payload as { channel_ranking: { channel: string }[] };
    payload.channel_ranking[1].channel = 'fax';
    const errors = validateSync(eventInstance(RecommendationGeneratedEvent, raw), { forbidUnknownValues: true });
    expect(errors.map((error) => error.property)).toEqual(['payload']);
    expect(errors[0].children?.[0].property).toBe('channel_ranking');
    expect(errors[0].children?.[0].children?.[0].property).toBe('1');
  });

  it('keeps a value that is no object where a nested class is declared, for validation to refuse', () => {
    const event = eventInstance(RecommendationGeneratedEvent, { ...recordedGeneratedEvent(), actor: 'recommender', payload: null });
    expect(event.actor).toBe('recommender');
    expect(event.payload).toBeNull();
    const refused = validateSync(event, { forbidUnknownValues: true }).map((error) => error.property);
    expect(refused).toEqual(expect.arrayContaining(['actor', 'payload']));
  });

  it('does not let a key replace the prototype or shadow an inherited member', () => {
    const raw = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x", "toString": "y", "event_id": "z"}');
    const event = eventInstance(RecommendationGeneratedEvent, raw);
    expect(Object.getPrototypeOf(event)).toBe(RecommendationGeneratedEvent.prototype);
    expect((event as unknown as { polluted?: boolean }).polluted).toBeUndefined();
    expect(event.constructor).toBe(RecommendationGeneratedEvent);
    expect(typeof event.toString).toBe('function');
    expect(event.event_id).toBe('z');
  });

  it('reads every class the contracts export, the event classes and all they nest (none declares a decorator it does not read)', () => {
    const classes = Object.entries(contracts).filter(
      (entry): entry is [string, new () => object] =>
        typeof entry[1] === 'function' && /^class /.test(Function.prototype.toString.call(entry[1])),
    );
    const eventClasses = classes.filter(([, value]) => value.prototype instanceof EventEnvelope).map(([name]) => name);
    expect(eventClasses).toEqual(
      expect.arrayContaining([
        'LeadUpsertedEvent',
        'RecommendationRequestedEvent',
        'RecommendationGeneratedEvent',
        'RecommendationFailedEvent',
        'RecommendationReviewedEvent',
        'DraftScreenedEvent',
        'EscalationRaisedEvent',
        'NotificationRequestedEvent',
        'DeliveryAttemptedEvent',
        'EngagementLoggedEvent',
        'SuppressionChangedEvent',
        'ErasureRequestedEvent',
        'ErasureCompletedEvent',
      ]),
    );
    for (const [, eventClass] of classes) expect(() => eventInstance(eventClass, {})).not.toThrow();
  });

  it('refuses a class with a decorator it does not read, rather than ignoring it', () => {
    class Trimmed {
      @IsString()
      @Transform(({ value }) => String(value).trim())
      name: string;
    }
    class Holder {
      @ValidateNested()
      @Type(() => Trimmed)
      inner: Trimmed;
    }
    class Dated {
      @Type(() => Date)
      at: Date;
    }
    expect(() => eventInstance(Trimmed, { name: ' x ' })).toThrow(/@Transform/);
    // on its first use, even with nothing in the property that nests it, and on every use after
    expect(() => eventInstance(Holder, {})).toThrow(/Trimmed/);
    expect(() => eventInstance(Holder, {})).toThrow(/Trimmed/);
    expect(() => eventInstance(Dated, { at: '2026-12-07T10:00:00Z' })).toThrow(/Dated\.at/);
  });
});
