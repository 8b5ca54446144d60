import { TOPIC_CATALOG, Topics } from '@followup/contracts';
import { FIRST_STAGE_PARTITIONS, FIRST_STAGE_TOPICS } from './workflow-topics';

describe('the first stage topics', () => {
  it('are exactly the topics the catalog (and so the bus ACLs) lets audit read with its durable group', () => {
    const durable = TOPIC_CATALOG.filter((topic) => topic.consumers.includes('audit') && !topic.consumerGroupSuffix).map(
      (topic) => topic.name,
    );
    expect([...FIRST_STAGE_TOPICS].sort()).toEqual([...durable].sort());
    expect(FIRST_STAGE_TOPICS).not.toContain(Topics.AuditChainInput);
  });

  it('leave the erasure requests to a group of their own (ErasureRequestsRecorder)', () => {
    expect(FIRST_STAGE_TOPICS).not.toContain(Topics.ErasureRequested);
    expect(FIRST_STAGE_TOPICS).toContain(Topics.ErasureCompleted);
  });

  it('cover every partition of them: nine topics of 3 partitions and three of 1', () => {
    expect(FIRST_STAGE_PARTITIONS).toBe(9 * 3 + 3 * 1);
  });
});
