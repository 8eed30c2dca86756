import { bearer } from '@dxhub/testing';
import { useIndicators } from './indicators-app';

const OFFICE = {
  ...bearer({ agency: 'SKHCN', roles: ['programme-office'] }),
  'content-type': 'application/json',
};
const READER = bearer({ agency: 'SNV', roles: ['viewer'] });

/** The indicators service for the obligations' tests (see useIndicators), read as a viewer, written as the programme office. */
export function useObligationsService(label: string) {
  const service = useIndicators(label);

  const get = async <T>(path: string, headers: Record<string, string> = READER) => {
    const res = await fetch(`${service.url}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as T & { error?: string; message?: string } };
  };
  const post = async (path: string, body: unknown, headers: Record<string, string> = OFFICE) => {
    const res = await fetch(`${service.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  return { service, get, post };
}
