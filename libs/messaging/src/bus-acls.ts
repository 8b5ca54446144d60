import { AclEntry, AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { SERVICE_NAMES, ServiceName, TopicSpec } from '@followup/contracts';
import { busTopic, TopicNamespace } from './bus-topics';
import { groupIdOf, instanceGroupPrefixOf, kafkaUsername, topicGroupIdOf } from './kafka-options';

function allow(
  resourceType: AclResourceTypes,
  resourceName: string,
  service: ServiceName,
  operation: AclOperationTypes,
  resourcePatternType = ResourcePatternTypes.LITERAL,
): AclEntry {
  return {
    resourceType,
    resourceName,
    resourcePatternType,
    principal: `User:${kafkaUsername(service)}`,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/** Who reads a topic: its consumers and the services that hold it as an in-memory view. */
export function readersOf(topic: Pick<TopicSpec, 'consumers' | 'viewedBy'>): ServiceName[] {
  return [...topic.consumers, ...(topic.viewedBy ?? [])];
}

/**
 * The broker's ACLs, made from the topic catalog: each service may WRITE the topics it produces and READ the
 * topics it consumes or holds as a view (both imply DESCRIBE), and READ its own consumer group, and a topic's own group where the catalog
 * gives the topic one. Literal names under the deployment's topic prefix, so a test run's grants never reach another run's topics; the one prefixed grant per
 * consuming service is its per-instance groups (the gateway's reply listener, event-fed views), whose names end in an
 * instance id. Everything else is denied.
 */
export function busAcls(catalog: readonly TopicSpec[], namespace: TopicNamespace): AclEntry[] {
  const prefix = namespace.KAFKA_TOPIC_PREFIX;
  const topicAcls = catalog.flatMap((topic) => [
    ...topic.producers.map((service) => allow(AclResourceTypes.TOPIC, busTopic(namespace, topic.name), service, AclOperationTypes.WRITE)),
    ...readersOf(topic).map((service) => allow(AclResourceTypes.TOPIC, busTopic(namespace, topic.name), service, AclOperationTypes.READ)),
  ]);
  const consumingServices = SERVICE_NAMES.filter((service) => catalog.some((topic) => topic.consumers.includes(service)));
  const readingServices = SERVICE_NAMES.filter((service) => catalog.some((topic) => readersOf(topic).includes(service)));
  const groupAcls = consumingServices.map((service) =>
    allow(AclResourceTypes.GROUP, groupIdOf(prefix, service), service, AclOperationTypes.READ),
  );
  const topicGroupAcls = catalog
    .filter((topic) => topic.consumerGroupSuffix)
    .flatMap((topic) =>
      topic.consumers.map((service) =>
        allow(AclResourceTypes.GROUP, topicGroupIdOf(prefix, service, topic), service, AclOperationTypes.READ),
      ),
    );
  const instanceGroupAcls = readingServices.map((service) =>
    allow(AclResourceTypes.GROUP, instanceGroupPrefixOf(prefix, service), service, AclOperationTypes.READ, ResourcePatternTypes.PREFIXED),
  );
  return [...topicAcls, ...groupAcls, ...topicGroupAcls, ...instanceGroupAcls];
}
