import { TOPIC_CATALOG, TopicSpec } from '@followup/contracts';
import { busAcls } from './bus-acls';

const topic = (name: string, producers: TopicSpec['producers'], consumers: TopicSpec['consumers']) =>
  ({ name, partitions: 1, retentionMs: 1, producers, consumers, description: '' }) as TopicSpec;

/** [resource type, name, principal, operation] of each LITERAL ACL (all host '*', ALLOW); the PREFIXED ones apart. */
const summary = (catalog: TopicSpec[], prefix: string) =>
  busAcls(catalog, { KAFKA_TOPIC_PREFIX: prefix })
    .filter((acl) => acl.resourcePatternType === LITERAL)
    .map((acl) => {
      expect([acl.host, acl.permissionType]).toEqual(['*', 3]);
      return [acl.resourceType, acl.resourceName, acl.principal, acl.operation];
    });

const [TOPIC, GROUP, READ, WRITE] = [2, 3, 3, 4];
const [LITERAL, PREFIXED] = [3, 4];

describe('busAcls', () => {
  it('grants WRITE to producers, READ to consumers (on the topics named under the prefix) and to each consumer its own group under the prefix', () => {
    expect(summary([topic('a', ['gateway'], ['delivery', 'audit']), topic('b', ['delivery'], [])], 'it-1.')).toEqual([
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
    // an erasure request is written by the admin tool alone (a super user, no grant needed) and read by every service
    expect(writers('followup.erasure.requested.v1')).toEqual([]);
    expect(
      grants.filter(
        ([type, resource, , operation]) => type === TOPIC && resource === 'followup.erasure.requested.v1' && operation === READ,
      ),
    ).toHaveLength(5);
    // and each service reads it with a group of its own
    expect(
      grants.filter(([type, resource]) => type === GROUP && String(resource).endsWith('-erasure')).map(([, resource]) => resource),
    ).toEqual([
      'followup-gateway-erasure',
      'followup-recommender-erasure',
      'followup-compliance-erasure',
      'followup-delivery-erasure',
      'followup-audit-erasure',
    ]);
    // 62 topic grants counted in the catalog by hand (two of them the gateway's and delivery's views), one group per
    // service, audit's chain group, every service's erasure group
    expect(grants).toHaveLength(62 + 5 + 1 + 5);
  });

  it('grants a service that holds a topic as a view READ on the topic and its per-instance groups, not a durable group of its own', () => {
    const viewed = { ...topic('a', ['gateway'], []), viewedBy: ['delivery'] } as TopicSpec;
    expect(summary([viewed], 'it-2.')).toEqual([
      [TOPIC, 'it-2.a', 'User:followup-gateway', WRITE],
      [TOPIC, 'it-2.a', 'User:followup-delivery', READ],
    ]);
    expect(
      busAcls([viewed], { KAFKA_TOPIC_PREFIX: 'it-2.' })
        .filter((acl) => acl.resourcePatternType === PREFIXED)
        .map((acl) => [acl.resourceName, acl.principal]),
    ).toEqual([['it-2.followup-delivery-instance-', 'User:followup-delivery']]);
  });

  it('from the catalog under a prefix: the same grants, on the prefixed topics and groups', () => {
    const grants = summary(TOPIC_CATALOG, 'it-4.');
    expect(grants.filter(([type, resource]) => type === TOPIC && resource === 'it-4.followup.compliance.screened.v1')).toEqual([
      [TOPIC, 'it-4.followup.compliance.screened.v1', 'User:followup-compliance', WRITE],
      [TOPIC, 'it-4.followup.compliance.screened.v1', 'User:followup-gateway', READ],
      [TOPIC, 'it-4.followup.compliance.screened.v1', 'User:followup-delivery', READ],
      [TOPIC, 'it-4.followup.compliance.screened.v1', 'User:followup-audit', READ],
    ]);
    expect(grants.every(([, resource]) => String(resource).startsWith('it-4.followup'))).toBe(true);
    expect(grants).toHaveLength(62 + 5 + 1 + 5);
  });

  it('grants a topic that has a group of its own that group, beside the durable one', () => {
    const chainInput = { ...topic('a', ['audit'], ['audit']), consumerGroupSuffix: 'chain' };
    expect(summary([chainInput], 'it-3.')).toEqual([
      [TOPIC, 'it-3.a', 'User:followup-audit', WRITE],
      [TOPIC, 'it-3.a', 'User:followup-audit', READ],
      [GROUP, 'it-3.followup-audit', 'User:followup-audit', READ],
      [GROUP, 'it-3.followup-audit-chain', 'User:followup-audit', READ],
    ]);
  });

  it('grants each consuming service, and only those, its per-instance groups by prefix', () => {
    const prefixed = busAcls([topic('a', ['gateway'], ['delivery', 'compliance'])], { KAFKA_TOPIC_PREFIX: 'it-2.' }).filter(
      (acl) => acl.resourcePatternType === PREFIXED,
    );
    expect(prefixed.map((acl) => [acl.resourceType, acl.resourceName, acl.principal, acl.operation, acl.host, acl.permissionType])).toEqual(
      [
        [GROUP, 'it-2.followup-compliance-instance-', 'User:followup-compliance', READ, '*', 3],
        [GROUP, 'it-2.followup-delivery-instance-', 'User:followup-delivery', READ, '*', 3],
      ],
    );
  });
});
