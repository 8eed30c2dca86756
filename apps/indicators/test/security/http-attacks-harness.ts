import { mintToken, type MintOptions } from '@dxhub/testing';
import { useIndicators } from '../indicators-app';

/*
 * What the attacks on the indicators service's HTTP edge share: the service under attack, a client that can send
 * any token, header or raw body, and the check that no error body leaks internals. The service runs in this process
 * (the guard, pipe and filter configureHttpApp installs) on its own database and topics, with a write rate limit of
 * RATE_LIMIT per agency per minute.
 */
export const RATE_LIMIT = 25;

export type Json = Record<string, unknown>;
export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

/** Nothing an attacker can learn the internals from. */
export function expectNoLeak(a: Answer): void {
  expect(a.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|QueryFailedError|stack/i);
  expect(a.text).not.toMatch(/\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|DROP TABLE)\b.*\b(FROM|WHERE|VALUES)\b/);
  expect(a.text).not.toMatch(/relation "|syntax error at or near|duplicate key value/);
}

export const reporter = (agency = 'STTTT'): MintOptions => ({ agency, roles: ['reporter'] });
export const office: MintOptions = { agency: 'STTTT', roles: ['programme-office'] };
export const value = (over: Json = {}) => ({
  indicatorCode: 'BTS_COUNT',
  orgUnitCode: '815',
  period: '2024S2',
  value: 5,
  ...over,
});

/**
 * The indicators service under attack, started in the calling describe block's beforeAll and closed in its afterAll,
 * and a client for it.
 */
export function useServiceUnderAttack() {
  const service = useIndicators('security', { RATE_LIMIT_WRITES_PER_MINUTE: String(RATE_LIMIT) });

  const call = async (
    method: string,
    path: string,
    opts: { token?: string | null; who?: MintOptions; body?: unknown; raw?: string; headers?: Json } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (opts.token !== null)
      headers.authorization ??= `Bearer ${opts.token ?? mintToken(opts.who ?? { agency: 'STTTT', roles: ['viewer'] })}`;
    if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.text();
    let body: Json = {};
    try {
      body = text ? (JSON.parse(text) as Json) : {};
    } catch {
      body = {};
    }
    return { status: res.status, headers: res.headers, body, text };
  };

  return { service, call };
}

/** A SUM indicator of the given agency, reported six-monthly. */
export function districtIndicator(code: string, responsibleAgency: string): Json {
  return {
    code,
    nameVi: 'Điểm Wi-Fi công cộng',
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
    targets: [],
    nationalAverage: [],
    responsibleAgency,
    bounds: { min: 0, max: 10000 },
    source: 'security test',
    notes: '',
  };
}
