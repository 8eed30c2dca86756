/**
 * CloudEvents 1.0 envelope as DX Hub uses it over the Kafka protocol binding.
 * The platform writes binary mode (attributes in `ce_*` headers, the payload as the JSON body);
 * it also reads structured mode (`content-type: application/cloudevents+json`, the whole envelope as the body).
 */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  /** Unique per source; the idempotency key everywhere in the platform. */
  id: string;
  /** URI-reference of the producer: `/agencies/<code>` for an agency, `/services/<name>` for a service. */
  source: string;
  type: string;
  /** RFC 3339 time the fact occurred; orders reports of the same cell. */
  time?: string;
  subject?: string;
  datacontenttype?: string;
  dataschema?: string;
  data: T;
}

export const CLOUD_EVENTS_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';

/** Kafka header names of the binary content mode (CloudEvents Kafka protocol binding §3.2.3). */
export const CloudEventHeaders = {
  SPEC_VERSION: 'ce_specversion',
  ID: 'ce_id',
  SOURCE: 'ce_source',
  TYPE: 'ce_type',
  TIME: 'ce_time',
  SUBJECT: 'ce_subject',
  DATA_SCHEMA: 'ce_dataschema',
  CONTENT_TYPE: 'content-type',
} as const;

/** The `ce_source` of an agency. The consumer trusts the topic's agency, and checks the claim against it. */
export function agencySource(agencyCode: string): string {
  return `/agencies/${agencyCode}`;
}

/** The `ce_source` of one of the platform's services. */
export function serviceSource(service: string): string {
  return `/services/${service}`;
}
