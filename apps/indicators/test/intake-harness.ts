import { type AgencyMessage, agencyReportHeaders, bearer } from '@dxhub/testing';
import { storedAggregate, useAgencyProducer, useIndicators } from './indicators-app';

/** Every role at once: these tests are about intake, not access (tests/security is). */
export const AUTH = bearer({ agency: 'STTTT', roles: ['admin', 'programme-office', 'reporter', 'viewer'] });

/**
 * The indicators service for the intake's tests (see useIndicators), a producer standing in for the agencies (see
 * useAgencyProducer), and reports as an agency sends them.
 */
export function useIntakeService(label: string) {
  const service = useIndicators(label);
  const agencies = useAgencyProducer();

  const topic = (agency: string) => `${service.topicPrefix}dx.agency.${agency}.indicator-values`;
  const report = (
    agency: string,
    body: unknown,
    opts: { id?: string; time?: string; headers?: Record<string, string> } = {},
  ): AgencyMessage => {
    const b = body as { indicatorCode?: string };
    return {
      key: b.indicatorCode ?? null,
      value: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { ...agencyReportHeaders(agency, opts.id, opts.time), ...opts.headers },
    };
  };

  const aggregate = (indicator: string, orgUnit: string, on: string, period: string) =>
    storedAggregate(service.db, indicator, orgUnit, on, period);

  return {
    service,
    get producer() {
      return agencies.producer;
    },
    topic,
    report,
    aggregate,
  };
}
