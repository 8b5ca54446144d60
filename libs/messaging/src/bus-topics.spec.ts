import { Topics } from '@followup/contracts';
import { busTopic, logicalTopic } from './bus-topics';

describe('busTopic and logicalTopic', () => {
  const unprefixed = { KAFKA_TOPIC_PREFIX: '' };
  const prefixed = { KAFKA_TOPIC_PREFIX: 'it-1a2b.' };

  it('names a topic on the broker with the prefix before the logical name', () => {
    expect(busTopic(unprefixed, Topics.LeadUpserted)).toBe('followup.lead.upserted.v1');
    expect(busTopic(prefixed, Topics.LeadUpserted)).toBe('it-1a2b.followup.lead.upserted.v1');
    expect(busTopic(prefixed, Topics.DeadLetter)).toBe('it-1a2b.followup.deadletter.v1');
  });

  it('reads the logical name back from the name on the broker', () => {
    expect(logicalTopic(unprefixed, 'followup.lead.upserted.v1')).toBe(Topics.LeadUpserted);
    expect(logicalTopic(prefixed, 'it-1a2b.followup.audit.chain-input.v1')).toBe(Topics.AuditChainInput);
  });

  it('refuses a name outside the prefix (another deployment), or one the catalog does not have', () => {
    expect(() => logicalTopic(prefixed, 'followup.lead.upserted.v1')).toThrow(
      'followup.lead.upserted.v1 is not a topic of this deployment (topic prefix "it-1a2b.")',
    );
    expect(() => logicalTopic(prefixed, 'it-9999.followup.lead.upserted.v1')).toThrow('not a topic of this deployment');
    expect(() => logicalTopic(unprefixed, 'it-1a2b.followup.lead.upserted.v1')).toThrow('not a topic of this deployment');
    expect(() => logicalTopic(prefixed, 'it-1a2b.followup.lead.upserted.v2')).toThrow('not a topic of this deployment');
  });
});
