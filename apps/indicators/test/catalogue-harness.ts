import { bearer } from '@dxhub/testing';
import { useIndicators } from './indicators-app';

/** Every role at once: these tests are about the catalogue, not access (tests/security is). */
const AUTH = bearer({ agency: 'STTTT', roles: ['admin', 'programme-office', 'reporter', 'viewer'] });
export type Json = Record<string, unknown>;

/** The indicators service for the catalogue's tests (see useIndicators), and a client for it with every role. */
export function useCatalogueService(label: string) {
  const service = useIndicators(label);

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: body === undefined ? AUTH : { ...AUTH, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  };
  const get = (path: string) => call('GET', path);

  return { service, call, get };
}

/** A sound SUM-of-counts definition; tests vary it. */
export const definition = (code: string, over: Json = {}): Json => ({
  code,
  nameVi: 'Số điểm phát sóng Wi-Fi công cộng'.normalize('NFD'),
  nameEn: 'Public Wi-Fi hotspots',
  unit: 'count',
  pillar: 'XHS',
  subIndex: 'HT',
  sector: 'telecom',
  aggregation: 'SUM',
  orgUnitAggregation: null,
  timeAggregation: 'LAST',
  ratio: null,
  periodType: 'SIX_MONTHLY',
  direction: 'HIGHER_IS_BETTER',
  baseline: null,
  targets: [{ year: 2025, value: 500, comparator: '>=', tolerance: 20 }],
  nationalAverage: [],
  responsibleAgency: 'STTTT',
  bounds: { min: 0, max: 10000 },
  source: 'integration test',
  notes: '',
  ...over,
});
