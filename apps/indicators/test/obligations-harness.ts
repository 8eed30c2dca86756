import { bearer, readTopic, waitFor } from '@dxhub/testing';
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

  /** Every event on dx.indicators.events, read once the relay published everything the outbox holds. */
  const publishedEvents = async () => {
    const total = await waitFor(
      async () => {
        const [row] = (await service.db.query(
          `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished,
                  sum(CASE WHEN fan_out THEN json_array_length(payload::json) ELSE 1 END)::int AS events
           FROM outbox`,
        )) as { unpublished: number; events: number }[];
        return row.unpublished === 0 ? row.events : undefined;
      },
      30000,
      'the outbox to be published',
    );
    return readTopic(`${service.topicPrefix}dx.indicators.events`, total, 30000);
  };

  return { service, get, post, publishedEvents };
}
