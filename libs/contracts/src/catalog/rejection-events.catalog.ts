import { AgencyEventsRejectedV1 } from '../agency-events-rejected/agency-events-rejected.v1';
import { ServiceTopics } from '../topics';
import { type EventCatalog, EventTypes } from '../event-types';

/* What the services tell agencies about the events they refused. Part of EVENT_CATALOG (its order is the catalog's). */

export const REJECTION_EVENTS = {
  'dx.agency-events.rejected': {
    type: EventTypes.AGENCY_EVENTS_REJECTED,
    version: 1,
    payload: AgencyEventsRejectedV1,
    route: { kind: 'service', topic: ServiceTopics.REJECTIONS_EVENTS },
    keyProperty: 'agency',
    summary: 'Events of one agency that a service refused together: how many, when and why (one per batch).',
    description:
      'Written by the service that refused the events (indicators or tasks, `service`) through its outbox, in the ' +
      'transaction that logged them in its rejection log: one event per agency and consumed Kafka batch of one topic, ' +
      'or per REST or spreadsheet request, never one per event. Keyed by `agency`. Each refusal, with its event id, ' +
      'place in the log, reason code and message, is listed by `GET /v1/rejections` on that service. Dedupe on `ce_id`.',
    example: {
      agency: 'SKHCN',
      service: 'indicators',
      channel: 'kafka',
      topic: 'dx.agency.SKHCN.indicator-values',
      count: 3,
      firstRejectedAt: '2026-11-27T03:04:05.000Z',
      lastRejectedAt: '2026-11-27T03:04:05.000Z',
      reasons: [
        { code: 'time-in-future', count: 2 },
        { code: 'body-not-json', count: 1 },
      ],
      sampleEventIds: ['skhcn-2026S2-bts-815', 'skhcn-2026S2-bts-816'],
    },
  },
} satisfies Partial<EventCatalog>;
