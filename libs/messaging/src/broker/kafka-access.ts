import { agencyTopic, AgencyStreams, deadLetterTopic, ServiceTopics } from '@dxhub/contracts';

/*
 * Who may do what on the broker, as data: one SCRAM principal per agency and one per service, and the
 * ACLs each needs, derived from the topic names in @dxhub/contracts. The broker runs with
 * allow.everyone.if.no.acl.found=false, so anything not granted here is refused.
 *
 * - An agency writes its own topics (`dx.agency.<CODE>.` PREFIXED, so a new stream needs no new ACL)
 *   and reads nothing. Its topics' dead-letter topics start with the same prefix, so writing them is
 *   denied explicitly: a DENY wins over any ALLOW. Idempotent producers need no IdempotentWrite on the
 *   cluster: since KIP-679 WRITE on any topic allows InitProducerId (checked on Kafka 4.1.2).
 * - A service gets what its code does: the topics it reads (and its consumer group), the topics it writes,
 *   the dead-letter topics of what it consumes, and CREATE on the topics it creates at start-up
 *   (KafkaGateway.ensureTopics, which also lists them: DESCRIBE).
 *
 * Topic and group names are physical: KAFKA_TOPIC_PREFIX is prepended, as KafkaGateway.physical does.
 */

export type AclResource = 'TOPIC' | 'GROUP';
export type AclPattern = 'LITERAL' | 'PREFIXED';
export type AclOperation = 'READ' | 'WRITE' | 'DESCRIBE' | 'CREATE';
export type AclPermission = 'ALLOW' | 'DENY';

/** One ACL: `principal` may (or may not) do `operation` on the resource(s) `resourceName` names. */
export interface AclBinding {
  principal: string;
  resourceType: AclResource;
  patternType: AclPattern;
  resourceName: string;
  operation: AclOperation;
  permission: AclPermission;
}

export type PlatformService = 'tasks' | 'indicators' | 'notifications' | 'reporting';

/** The consumer groups the services join (their config's defaults; change both together). */
export const DEFAULT_CONSUMER_GROUPS = {
  indicators: 'indicators-intake',
  reporting: 'reporting-aggregates',
  reportingTasks: 'reporting-tasks',
  tasksProgress: 'tasks-progress-intake',
  tasksIndicatorReadings: 'tasks-indicator-readings',
  notifications: 'notifications-rules',
} as const;

/** The SCRAM user name of an agency: `agency-<code in lower case>`. */
export function agencyPrincipalName(agencyCode: string): string {
  agencyTopic(agencyCode, AgencyStreams.INDICATOR_VALUES); // validates the code
  return `agency-${agencyCode.toLowerCase()}`;
}

/** The SCRAM user name of a service: `svc-<service>`. */
export function servicePrincipalName(service: PlatformService): string {
  return `svc-${service}`;
}

/** Every principal this plan manages is a `User:` with one of these name prefixes. */
export const MANAGED_PRINCIPAL_PREFIXES = ['User:agency-', 'User:svc-'] as const;

export function isManagedPrincipal(principal: string): boolean {
  return MANAGED_PRINCIPAL_PREFIXES.some((p) => principal.startsWith(p));
}

export interface KafkaAccessOptions {
  /** KAFKA_TOPIC_PREFIX of the environment ('' in production). */
  topicPrefix: string;
  /** The agencies that may publish (seeds/agencies.json plus any added since). */
  agencyCodes: readonly string[];
  consumerGroups?: Partial<typeof DEFAULT_CONSUMER_GROUPS>;
}

interface Grant {
  resourceType: AclResource;
  patternType: AclPattern;
  /** Logical name (without KAFKA_TOPIC_PREFIX). */
  name: string;
  operations: AclOperation[];
  permission?: AclPermission;
}

const topic = (name: string, ...operations: AclOperation[]): Grant => ({
  resourceType: 'TOPIC',
  patternType: 'LITERAL',
  name,
  operations,
});
const topicsStartingWith = (name: string, ...operations: AclOperation[]): Grant => ({
  resourceType: 'TOPIC',
  patternType: 'PREFIXED',
  name,
  operations,
});
const group = (name: string): Grant => ({ resourceType: 'GROUP', patternType: 'LITERAL', name, operations: ['READ'] });
const groupsStartingWith = (name: string, ...operations: AclOperation[]): Grant => ({
  resourceType: 'GROUP',
  patternType: 'PREFIXED',
  name,
  operations,
});

const AGENCY_TOPICS_PREFIX = 'dx.agency.';
const agencyPrefix = (code: string) =>
  agencyTopic(code, AgencyStreams.INDICATOR_VALUES).slice(0, -AgencyStreams.INDICATOR_VALUES.length);

/** What an agency may do: write its own topics, nothing else. */
function agencyGrants(code: string): Grant[] {
  return [
    topicsStartingWith(agencyPrefix(code), 'WRITE', 'DESCRIBE'),
    ...Object.values(AgencyStreams).map((stream) => ({
      ...topic(deadLetterTopic(agencyTopic(code, stream)), 'WRITE'),
      permission: 'DENY' as const,
    })),
  ];
}

/** What each service's code does on the broker (see each app's consumers, outbox relay and ensureTopics). */
function serviceGrants(
  agencyCodes: readonly string[],
  groups: typeof DEFAULT_CONSUMER_GROUPS,
): Record<PlatformService, Grant[]> {
  return {
    tasks: [
      topic(ServiceTopics.TASKS_EVENTS, 'WRITE', 'DESCRIBE', 'CREATE'),
      // Consumes every agency's task-progress (creating the topics and their dead-letter topics if missing).
      topicsStartingWith(AGENCY_TOPICS_PREFIX, 'READ', 'DESCRIBE', 'CREATE'),
      group(groups.tasksProgress),
      // Dead-letters bad progress reports. LITERAL per agency, as for indicators.
      ...agencyCodes.map((code) => topic(deadLetterTopic(agencyTopic(code, AgencyStreams.TASK_PROGRESS)), 'WRITE')),
      // Follows the indicators' aggregates for the tasks measured by indicators.
      topic(ServiceTopics.INDICATORS_EVENTS, 'READ', 'DESCRIBE', 'CREATE'),
      group(groups.tasksIndicatorReadings),
      topic(deadLetterTopic(ServiceTopics.INDICATORS_EVENTS), 'WRITE', 'DESCRIBE', 'CREATE'),
      // Summaries of refused progress reports, for the agencies' reporters.
      topic(ServiceTopics.REJECTIONS_EVENTS, 'WRITE', 'DESCRIBE', 'CREATE'),
    ],
    notifications: [
      topic(ServiceTopics.NOTIFICATIONS_EVENTS, 'WRITE', 'DESCRIBE', 'CREATE'),
      // The rules engine reads the services' events (creating them if missing) and dead-letters bad ones.
      ...[
        ServiceTopics.TASKS_EVENTS,
        ServiceTopics.INDICATORS_EVENTS,
        ServiceTopics.REPORTING_EVENTS,
        ServiceTopics.REJECTIONS_EVENTS,
      ].flatMap((t) => [
        topic(t, 'READ', 'DESCRIBE', 'CREATE'),
        topic(deadLetterTopic(t), 'WRITE', 'DESCRIBE', 'CREATE'),
      ]),
      group(groups.notifications),
    ],
    indicators: [
      // Creates every agency's topics (also of agencies added at run time) and consumes indicator-values.
      topicsStartingWith(AGENCY_TOPICS_PREFIX, 'READ', 'DESCRIBE', 'CREATE'),
      group(groups.indicators),
      // Dead-letters bad reports. LITERAL per agency: WRITE on the prefix would let it forge agency traffic.
      ...agencyCodes.map((code) => topic(deadLetterTopic(agencyTopic(code, AgencyStreams.INDICATOR_VALUES)), 'WRITE')),
      topic(ServiceTopics.INDICATORS_EVENTS, 'WRITE', 'DESCRIBE', 'CREATE'),
      // Summaries of refused reports, for the agencies' reporters.
      topic(ServiceTopics.REJECTIONS_EVENTS, 'WRITE', 'DESCRIBE', 'CREATE'),
    ],
    reporting: [
      // Creates its input topic if indicators has not yet (ensureTopics at subscribe).
      topic(ServiceTopics.INDICATORS_EVENTS, 'READ', 'DESCRIBE', 'CREATE'),
      group(groups.reporting),
      topic(deadLetterTopic(ServiceTopics.INDICATORS_EVENTS), 'WRITE', 'DESCRIBE', 'CREATE'),
      // The tasks read model (agency performance).
      topic(ServiceTopics.TASKS_EVENTS, 'READ', 'DESCRIBE', 'CREATE'),
      group(groups.reportingTasks),
      topic(deadLetterTopic(ServiceTopics.TASKS_EVENTS), 'WRITE', 'DESCRIBE', 'CREATE'),
      // dx.report.published through its outbox relay.
      topic(ServiceTopics.REPORTING_EVENTS, 'WRITE', 'DESCRIBE', 'CREATE'),
      // npm run replay:reporting reads the topics in a throw-away group (its deletion afterwards is best effort:
      // without a DELETE grant the empty group stays until the broker expires it).
      groupsStartingWith('reporting-replay-', 'READ'),
    ],
  };
}

/** The principals (SCRAM user names) the plan expects to exist: agencies first, then services. */
export function kafkaPrincipals(agencyCodes: readonly string[]): string[] {
  const services: PlatformService[] = ['tasks', 'indicators', 'notifications', 'reporting'];
  return [...agencyCodes.map(agencyPrincipalName), ...services.map(servicePrincipalName)];
}

/** Every ACL the platform needs, for one environment. */
export function kafkaAccessPlan(options: KafkaAccessOptions): AclBinding[] {
  const codes = [...new Set(options.agencyCodes)].sort();
  const groups = { ...DEFAULT_CONSUMER_GROUPS, ...options.consumerGroups };
  const bind = (principalName: string, grants: Grant[]): AclBinding[] =>
    grants.flatMap((g) =>
      g.operations.map((operation) => ({
        principal: `User:${principalName}`,
        resourceType: g.resourceType,
        patternType: g.patternType,
        resourceName: `${options.topicPrefix}${g.name}`,
        operation,
        permission: g.permission ?? 'ALLOW',
      })),
    );
  const services = serviceGrants(codes, groups);
  return [
    ...codes.flatMap((code) => bind(agencyPrincipalName(code), agencyGrants(code))),
    ...(Object.keys(services) as PlatformService[]).flatMap((s) => bind(servicePrincipalName(s), services[s])),
  ];
}

/** A stable text key of a binding (for set comparisons and logs). */
export function aclKey(b: AclBinding): string {
  return `${b.permission} ${b.principal} ${b.operation} ${b.resourceType}:${b.patternType}:${b.resourceName}`;
}
