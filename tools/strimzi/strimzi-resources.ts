import { AgencyStreams, agencyTopic, deadLetterTopic, ServiceTopics } from '@dxhub/contracts';
import {
  type AclBinding,
  type AclOperation,
  type AclPattern,
  type AclResource,
  kafkaAccessPlan,
  kafkaPrincipals,
  type PlatformService,
} from '@dxhub/messaging';

/*
 * The platform's topics and principals as Strimzi resources (KafkaTopic, KafkaUser, kafka.strimzi.io/v1),
 * built from kafkaAccessPlan and kafkaPrincipals: the code behind `npm run kafka:acls`, so a cluster run by
 * the Strimzi operator gets exactly the ACLs the imperative provisioning would give.
 */

export interface StrimziSettings {
  /** The Kafka resource's name: every KafkaTopic and KafkaUser carries it as strimzi.io/cluster. */
  cluster: string;
  /** The namespace the Topic and User Operators watch (`watchedNamespace`), where the services' Secrets are. */
  namespace: string;
  partitions: number;
  replicas: number;
  /** With acks=all, a write counts once this many replicas have it. */
  minInSyncReplicas: number;
}

/** Production: three brokers, each partition on all three, a write acknowledged by two. */
export const PRODUCTION_STRIMZI: StrimziSettings = {
  cluster: 'dxhub',
  namespace: 'dxhub',
  partitions: 3,
  replicas: 3,
  minInSyncReplicas: 2,
};

export const STRIMZI_API_VERSION = 'kafka.strimzi.io/v1';

type StrimziResourceType = 'topic' | 'group';
type StrimziPattern = 'literal' | 'prefix';
type StrimziOperation = 'Read' | 'Write' | 'Describe' | 'Create';

export interface StrimziAcl {
  resource: { type: StrimziResourceType; name: string; patternType: StrimziPattern };
  operations: StrimziOperation[];
  host: '*';
  type: 'allow' | 'deny';
}

export interface KafkaTopicResource {
  apiVersion: typeof STRIMZI_API_VERSION;
  kind: 'KafkaTopic';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { topicName: string; partitions: number; replicas: number; config: Record<string, string> };
}

export interface KafkaUserResource {
  apiVersion: typeof STRIMZI_API_VERSION;
  kind: 'KafkaUser';
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    authentication: {
      type: 'scram-sha-512';
      password?: { valueFrom: { secretKeyRef: { name: string; key: string } } };
    };
    authorization: { type: 'simple'; acls: StrimziAcl[] };
  };
}

const SERVICES: readonly PlatformService[] = ['tasks', 'indicators', 'notifications', 'reporting'];

const RESOURCE_TYPES: Record<AclResource, StrimziResourceType> = { TOPIC: 'topic', GROUP: 'group' };
const PATTERNS: Record<AclPattern, StrimziPattern> = { LITERAL: 'literal', PREFIXED: 'prefix' };
const OPERATIONS: Record<AclOperation, StrimziOperation> = {
  READ: 'Read',
  WRITE: 'Write',
  DESCRIBE: 'Describe',
  CREATE: 'Create',
};

/** A Kubernetes object name for a topic: topic names keep their case, object names may not. */
export function topicObjectName(topic: string): string {
  return topic.toLowerCase();
}

/**
 * Every topic the platform uses: the services' topics, each agency's streams and their dead-letter topics,
 * and every other topic the ACL plan names (the dead-letter topics of the service topics consumed).
 */
export function platformTopics(agencyCodes: readonly string[], plan: readonly AclBinding[]): string[] {
  const topics = new Set<string>(Object.values(ServiceTopics));
  for (const code of agencyCodes) {
    for (const stream of Object.values(AgencyStreams)) {
      topics.add(agencyTopic(code, stream));
      topics.add(deadLetterTopic(agencyTopic(code, stream)));
    }
  }
  for (const b of plan) if (b.resourceType === 'TOPIC' && b.patternType === 'LITERAL') topics.add(b.resourceName);
  return [...topics].sort();
}

const labels = (settings: StrimziSettings) => ({
  'strimzi.io/cluster': settings.cluster,
  'app.kubernetes.io/part-of': 'dxhub',
});

export function kafkaTopics(agencyCodes: readonly string[], settings: StrimziSettings): KafkaTopicResource[] {
  const serviceTopics = new Set<string>(Object.values(ServiceTopics));
  const plan = kafkaAccessPlan({ topicPrefix: '', agencyCodes });
  return platformTopics(agencyCodes, plan).map((topic) => ({
    apiVersion: STRIMZI_API_VERSION,
    kind: 'KafkaTopic',
    metadata: { name: topicObjectName(topic), namespace: settings.namespace, labels: labels(settings) },
    spec: {
      topicName: topic,
      partitions: settings.partitions,
      replicas: settings.replicas,
      config: {
        'min.insync.replicas': String(settings.minInSyncReplicas),
        // The services' topics are the log their readers rebuild from (OutboxRelayService creates them so too).
        ...(serviceTopics.has(topic) ? { 'retention.ms': '-1' } : {}),
      },
    },
  }));
}

/** ACL bindings of one principal as Strimzi ACL entries: one entry per resource and permission. */
export function strimziAcls(bindings: readonly AclBinding[]): StrimziAcl[] {
  const entries = new Map<string, StrimziAcl>();
  for (const b of bindings) {
    const key = `${b.permission} ${b.resourceType} ${b.patternType} ${b.resourceName}`;
    const entry = entries.get(key) ?? {
      resource: { type: RESOURCE_TYPES[b.resourceType], name: b.resourceName, patternType: PATTERNS[b.patternType] },
      operations: [],
      host: '*' as const,
      type: b.permission === 'ALLOW' ? ('allow' as const) : ('deny' as const),
    };
    const operation = OPERATIONS[b.operation];
    if (!entry.operations.includes(operation)) entry.operations.push(operation);
    entries.set(key, entry);
  }
  return [...entries.values()];
}

/** The ACL bindings a KafkaUser grants (the inverse of strimziAcls): what a test compares with the plan. */
export function bindingsOfUser(user: KafkaUserResource): AclBinding[] {
  const inverse = <K extends string, V extends string>(map: Record<K, V>, value: V): K =>
    (Object.keys(map) as K[]).find((k) => map[k] === value) as K;
  return user.spec.authorization.acls.flatMap((acl) =>
    acl.operations.map((operation) => ({
      principal: `User:${user.metadata.name}`,
      resourceType: inverse(RESOURCE_TYPES, acl.resource.type),
      patternType: inverse(PATTERNS, acl.resource.patternType),
      resourceName: acl.resource.name,
      operation: inverse(OPERATIONS, operation),
      permission: acl.type === 'allow' ? ('ALLOW' as const) : ('DENY' as const),
    })),
  );
}

/**
 * One KafkaUser per principal of the plan. A service's password comes from its Secret
 * dxhub-<service>-credentials (KAFKA_SASL_PASSWORD), the one the service logs in with, so rotating it is one
 * edit; an agency's is generated by the User Operator into the Secret named after the user.
 */
export function kafkaUsers(agencyCodes: readonly string[], settings: StrimziSettings): KafkaUserResource[] {
  const plan = kafkaAccessPlan({ topicPrefix: '', agencyCodes });
  const serviceOf = new Map(SERVICES.map((s) => [`svc-${s}`, s]));
  return kafkaPrincipals(agencyCodes).map((name) => {
    const service = serviceOf.get(name);
    return {
      apiVersion: STRIMZI_API_VERSION,
      kind: 'KafkaUser',
      metadata: { name, namespace: settings.namespace, labels: labels(settings) },
      spec: {
        authentication: {
          type: 'scram-sha-512',
          ...(service
            ? {
                password: {
                  valueFrom: { secretKeyRef: { name: `dxhub-${service}-credentials`, key: 'KAFKA_SASL_PASSWORD' } },
                },
              }
            : {}),
        },
        authorization: { type: 'simple', acls: strimziAcls(plan.filter((b) => b.principal === `User:${name}`)) },
      },
    };
  });
}
