import { AclEntry, AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { SERVICE_NAMES, ServiceName, TopicSpec } from '@followup/contracts';
import { groupIdOf, kafkaUsername } from './kafka-options';

function allow(resourceType: AclResourceTypes, resourceName: string, service: ServiceName, operation: AclOperationTypes): AclEntry {
  return {
    resourceType,
    resourceName,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal: `User:${kafkaUsername(service)}`,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/**
 * The broker's ACLs, made from the topic catalog: each service may WRITE the topics it produces and READ the
 * topics it consumes (both imply DESCRIBE), and READ its own consumer group. Literal names under the deployment's
 * topic prefix, so a test run's grants never reach another run's topics. Everything else is denied.
 */
export function busAcls(catalog: readonly TopicSpec[], prefix: string): AclEntry[] {
  const topicAcls = catalog.flatMap((topic) => [
    ...topic.producers.map((service) => allow(AclResourceTypes.TOPIC, topic.name, service, AclOperationTypes.WRITE)),
    ...topic.consumers.map((service) => allow(AclResourceTypes.TOPIC, topic.name, service, AclOperationTypes.READ)),
  ]);
  const consumingServices = SERVICE_NAMES.filter((service) => catalog.some((topic) => topic.consumers.includes(service)));
  const groupAcls = consumingServices.map((service) =>
    allow(AclResourceTypes.GROUP, groupIdOf(prefix, service), service, AclOperationTypes.READ),
  );
  return [...topicAcls, ...groupAcls];
}
