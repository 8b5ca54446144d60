import { TOPIC_CATALOG, TopicSpec } from '@followup/contracts';
import { busAcls } from './bus-acls';

const topic = (name: string, producers: TopicSpec['producers'], consumers: TopicSpec['consumers']) =>
  ({ name, partitions: 1, retentionMs: 1, producers, consumers, description: '' }) as TopicSpec;

/** [resource type, name, principal, operation] of each ACL; all are LITERAL, host '*', ALLOW. */
const summary = (catalog: TopicSpec[], prefix: string) =>
  busAcls(catalog, prefix).map((acl) => {
    expect([acl.resourcePatternType, acl.host, acl.permissionType]).toEqual([3, '*', 3]);
    return [acl.resourceType, acl.resourceName, acl.principal, acl.operation];
  });

const [TOPIC, GROUP, READ, WRITE] = [2, 3, 3, 4];

describe('busAcls', () => {
  it('grants WRITE to producers, READ to consumers and to each consumer its own group under the prefix', () => {
    expect(summary([topic('it-1.a', ['gateway'], ['delivery', 'audit']), topic('it-1.b', ['delivery'], [])], 'it-1.')).toEqual([
      [TOPIC, 'it-1.a', 'User:followup-gateway', WRITE],
      [TOPIC, 'it-1.a', 'User:followup-delivery', READ],
      [TOPIC, 'it-1.a', 'User:followup-audit', READ],
      [TOPIC, 'it-1.b', 'User:followup-delivery', WRITE],
      [GROUP, 'it-1.followup-delivery', 'User:followup-delivery', READ],
      [GROUP, 'it-1.followup-audit', 'User:followup-audit', READ],
    ]);
  });

  it('from the catalog: compliance alone writes compliance.screened, the gateway alone writes recommendation.reviewed', () => {
    const grants = summary(TOPIC_CATALOG, '');
    const writers = (name: string) =>
      grants.filter(([type, resource, , operation]) => type === TOPIC && resource === name && operation === WRITE);
    expect(writers('followup.compliance.screened.v1').map(([, , principal]) => principal)).toEqual(['User:followup-compliance']);
    expect(writers('followup.recommendation.reviewed.v1').map(([, , principal]) => principal)).toEqual(['User:followup-gateway']);
    expect(writers('followup.deadletter.v1')).toHaveLength(5);
    expect(grants).toHaveLength(46 + 5); // 46 topic grants counted in the catalog by hand, one group per service
  });
});
