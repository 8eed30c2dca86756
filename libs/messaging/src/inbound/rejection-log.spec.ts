import { EventTypes, RejectionCodes, validatePayload, AgencyEventsRejectedV1 } from '@dxhub/contracts';
import { type LoggedRejection, rejectionSummaries } from './rejection-log';

const at = (second: number) => new Date(Date.UTC(2026, 10, 27, 3, 4, second));
const logged = (id: number, over: Partial<LoggedRejection> = {}): LoggedRejection => ({
  id: String(id),
  channel: 'kafka',
  topic: 'dx.agency.SKHCN.indicator-values',
  agency: 'SKHCN',
  eventId: `e-${id}`,
  code: RejectionCodes.TIME_IN_FUTURE,
  at: at(5),
  ...over,
});

describe('rejection summaries', () => {
  it('sums up a thousand refusals of one agency and topic in one event, reasons counted, a sample of ids', () => {
    const rows = Array.from({ length: 1000 }, (_, i) =>
      logged(101 + i, {
        code: i % 10 === 0 ? RejectionCodes.BODY_NOT_JSON : RejectionCodes.TIME_IN_FUTURE,
        eventId: i % 10 === 0 ? null : `e-${i}`,
        at: at(5 + (i % 3)),
      }),
    );
    const events = rejectionSummaries(rows, 'indicators');
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      type: EventTypes.AGENCY_EVENTS_REJECTED,
      source: '/services/indicators',
      id: 'rejections:indicators:101-1100:1000',
      time: at(7).toISOString(),
    });
    expect(event.payload).toEqual({
      agency: 'SKHCN',
      service: 'indicators',
      channel: 'kafka',
      topic: 'dx.agency.SKHCN.indicator-values',
      count: 1000,
      firstRejectedAt: at(5).toISOString(),
      lastRejectedAt: at(7).toISOString(),
      reasons: [
        { code: 'time-in-future', count: 900 },
        { code: 'body-not-json', count: 100 },
      ],
      sampleEventIds: ['e-1', 'e-2', 'e-3', 'e-4', 'e-5', 'e-6', 'e-7', 'e-8', 'e-9', 'e-11'],
    });
    // What the outbox publishes passes the contract its readers check it against.
    expect(validatePayload(AgencyEventsRejectedV1, event.payload).ok).toBe(true);
  });

  it('makes one summary per agency and channel, and none for refusals of no agency', () => {
    const events = rejectionSummaries(
      [
        logged(1),
        logged(2, { agency: 'STC', topic: 'dx.agency.STC.indicator-values' }),
        logged(3, { channel: 'rest', topic: null, code: RejectionCodes.REFUSED }),
        logged(4, { agency: null, topic: 'dx.indicators.events' }),
        logged(5),
      ],
      'tasks',
    );
    expect(events.map((e) => [e.payload.agency, e.payload.channel, e.payload.count, e.id])).toEqual([
      ['SKHCN', 'kafka', 2, 'rejections:tasks:1-5:2'],
      ['STC', 'kafka', 1, 'rejections:tasks:2-2:1'],
      ['SKHCN', 'rest', 1, 'rejections:tasks:3-3:1'],
    ]);
    expect(events[2].payload).not.toHaveProperty('topic');
    expect(rejectionSummaries([], 'tasks')).toEqual([]);
  });
});
