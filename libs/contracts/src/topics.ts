/*
 * ┌──────────────────────────────────────────────────────────────────────────┐
 * │ These topic names are public API: agencies and other systems use them.  │
 * │ Never rename one; add a new topic (or a new event version) instead.      │
 * └──────────────────────────────────────────────────────────────────────────┘
 */

/** Topics the platform's services write. */
export const ServiceTopics = {
  TASKS_EVENTS: 'dx.tasks.events',
  INDICATORS_EVENTS: 'dx.indicators.events',
  NOTIFICATIONS_EVENTS: 'dx.notifications.events',
  REPORTING_EVENTS: 'dx.reporting.events',
  /** Summaries of agency events refused (dx.agency-events.rejected), from every service that takes them. */
  REJECTIONS_EVENTS: 'dx.rejections.events',
} as const;
export type ServiceTopic = (typeof ServiceTopics)[keyof typeof ServiceTopics];

/** The services that take agency events and keep a rejection log (GET /v1/rejections on each). */
export const REJECTING_SERVICES = ['indicators', 'tasks'] as const;
export type RejectingService = (typeof REJECTING_SERVICES)[number];

/** The services that write each service topic (through their outbox relays): one each, but for rejections. */
export const SERVICE_TOPIC_WRITERS: Readonly<Record<ServiceTopic, readonly string[]>> = {
  'dx.tasks.events': ['tasks'],
  'dx.indicators.events': ['indicators'],
  'dx.notifications.events': ['notifications'],
  'dx.reporting.events': ['reporting'],
  // Every service that takes agency events tells the agencies what it refused.
  'dx.rejections.events': REJECTING_SERVICES,
};

/** Streams every agency has a topic of its own for: `dx.agency.<agency code>.<stream>`. */
export const AgencyStreams = {
  INDICATOR_VALUES: 'indicator-values',
  TASK_PROGRESS: 'task-progress',
} as const;
export type AgencyStream = (typeof AgencyStreams)[keyof typeof AgencyStreams];

/** Agency codes become part of topic names and ACL prefixes, so they are restricted to [A-Z0-9]. */
export const AGENCY_CODE_PATTERN = /^[A-Z0-9]{2,32}$/;

/** Each consumed topic has a dead-letter topic next to it: `<topic>.dlq`. */
export const DEAD_LETTER_SUFFIX = '.dlq';

const AGENCY_TOPIC_PATTERN = /^dx\.agency\.([A-Z0-9]{2,32})\.([a-z-]+)$/;

/** The topic an agency publishes a stream to. */
export function agencyTopic(agencyCode: string, stream: AgencyStream): string {
  if (!AGENCY_CODE_PATTERN.test(agencyCode)) {
    throw new RangeError(`agency code '${agencyCode}' must match ${AGENCY_CODE_PATTERN}`);
  }
  return `dx.agency.${agencyCode}.${stream}`;
}

/** The agency and stream a topic belongs to, or null when it is not an agency topic. */
export function parseAgencyTopic(topic: string): { agencyCode: string; stream: AgencyStream } | null {
  const match = AGENCY_TOPIC_PATTERN.exec(topic);
  if (!match) return null;
  const stream = match[2] as AgencyStream;
  if (!Object.values(AgencyStreams).includes(stream)) return null;
  return { agencyCode: match[1], stream };
}

export function deadLetterTopic(topic: string): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}
