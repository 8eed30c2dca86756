import { Clock } from '@dxhub/calendar';
import { type AggregateStandingV1, EventTypes, ServiceTopics } from '@dxhub/contracts';
import { bearer, type ConsumedRecord, readTopicUntil, waitFor } from '@dxhub/testing';
import { DataSource } from 'typeorm';
import { aggregateRows } from '../src/aggregates/aggregates.repository';
import { PublishStoredStandings1765100000100 } from '../src/database/migrations/1765100000100-PublishStoredStandings';
import { evaluateTargets } from '../src/targets/target-evaluation';
import { type RunningIndicators, startIndicators } from './indicators-app';

const STTTT = bearer({ agency: 'STTTT', roles: ['reporter', 'viewer'] });

interface StandingsEvent {
  id: string;
  key: string | null;
  indicatorCode: string;
  evaluatedAt: string;
  standings: AggregateStandingV1[];
}

/*
 * dx.indicator-standings.updated over the real broker and database: the evaluation job writes, in the transaction
 * that stores the standings, one event per indicator listing every aggregate it judged with the figures it stored
 * (the same as GET /v1/aggregates/status), removals included; ids derive from the content.
 */
describe('dx.indicator-standings.updated (Kafka + PostgreSQL)', () => {
  let service: RunningIndicators;

  const topic = () => `${service.topicPrefix}${ServiceTopics.INDICATORS_EVENTS}`;
  const report = async (numerator: number, id: string, reportedAt: string) => {
    const res = await fetch(`${service.url}/v1/indicator-values`, {
      method: 'POST',
      headers: { ...STTTT, 'content-type': 'application/json' },
      body: JSON.stringify({
        values: [
          {
            indicatorCode: 'FIBRE_HH',
            orgUnitCode: '816',
            period: '2024S2',
            numerator,
            denominator: 100,
            id,
            reportedAt,
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
  };
  /** Every standings event on the topic so far, once `enough` holds for them. */
  const standingsEvents = async (enough: (events: StandingsEvent[]) => boolean): Promise<StandingsEvent[]> => {
    const decode = (records: ConsumedRecord[]) =>
      records
        .filter((r) => r.headers.ce_type === EventTypes.INDICATOR_STANDINGS_UPDATED)
        .map((r) => ({
          id: r.headers.ce_id,
          key: r.key,
          ...(JSON.parse(r.value?.toString('utf8') ?? '{}') as Omit<StandingsEvent, 'id' | 'key'>),
        }));
    return decode(await readTopicUntil(topic(), (records) => enough(decode(records)), 60000));
  };
  const entriesFor = (events: StandingsEvent[], orgUnitCode: string) =>
    events.flatMap((e) => e.standings.filter((s) => s.orgUnitCode === orgUnitCode && s.period === '2024S2'));
  const storedStanding = async () => {
    const res = await fetch(`${service.url}/v1/aggregates/status?orgUnit=816&period=2024S2&indicator=FIBRE_HH`, {
      headers: STTTT,
    });
    return ((await res.json()) as { aggregates: Record<string, unknown>[] }).aggregates[0];
  };

  beforeAll(async () => {
    service = await startIndicators('standings');
  });

  afterAll(async () => {
    await service?.close();
  });

  it('lists each judged aggregate with the standing stored for it, per indicator, keyed and named deterministically', async () => {
    // FIBRE_HH 2024S2 (targets.integration-spec.ts has the path's arithmetic): target 76.6637, > 80 % by 2025, tolerance 2.
    await report(61, 'fibre-816-first', '2025-01-05T08:00:00Z');
    const first = await standingsEvents((all) => entriesFor(all, '816').length >= 1);
    const stored = await waitFor(storedStanding, 30000, 'the stored standing');
    const [event] = first.filter((e) => entriesFor([e], '816').length > 0);
    expect(event).toMatchObject({ key: 'FIBRE_HH', indicatorCode: 'FIBRE_HH' });
    expect(event.id).toMatch(/^standings:FIBRE_HH:[0-9a-f]{32}$/);
    expect(Number.isNaN(Date.parse(event.evaluatedAt))).toBe(false);
    const judged = {
      orgUnitName: 'Thành phố Gò Công',
      period: '2024S2',
      value: 61,
      target: 76.6637,
      targetYear: 2025,
      comparator: '>',
      tolerance: 2,
      achievement: 79.57,
      status: 'off-track',
    };
    expect(entriesFor([event], '816')).toEqual([
      { orgUnitCode: '816', aggregateVersion: stored.aggregateVersion, ...judged },
    ]);
    // The figures are the ones the standings API serves: one computation.
    expect(stored).toMatchObject({
      value: judged.value,
      target: judged.target,
      achievement: judged.achievement,
      targetStatus: judged.status,
    });
    // The province holds only Gò Công's households here: judged in the same pass, in the same event.
    expect(entriesFor([event], '82')).toEqual([
      expect.objectContaining({ orgUnitCode: '82', value: 61, achievement: 79.57, status: 'off-track' }),
    ]);

    // A correction: a new aggregate version, judged on track.
    await report(78, 'fibre-816-fixed', '2025-01-06T08:00:00Z');
    const all = await standingsEvents((events) => entriesFor(events, '816').some((s) => s.status === 'on-track'));
    const latest = entriesFor(all, '816').at(-1);
    expect(latest).toEqual({
      orgUnitCode: '816',
      ...judged,
      aggregateVersion: (stored.aggregateVersion as number) + 1,
      value: 78,
      achievement: 101.74,
      status: 'on-track',
    });
  });

  it('writes the same id for the same judgements again, and a removal (value withdrawn) as an entry that says so', async () => {
    const dataSource = service.app.get(DataSource);
    const clock = service.app.get(Clock);
    const key = async () => {
      const [row] = (await dataSource.query(
        `SELECT a.indicator_code, a.org_unit_id, a.period FROM indicator_aggregates a JOIN org_units o ON o.id = a.org_unit_id
         WHERE a.indicator_code = 'FIBRE_HH' AND o.code = '816' AND a.period = '2024S2'`,
      )) as { indicator_code: string; org_unit_id: number; period: string }[];
      return row;
    };
    const [row] = await aggregateRows(dataSource.manager, [await key()]);
    const evaluate = (rows: (typeof row)[]) =>
      dataSource.transaction((m) => evaluateTargets(m, rows, () => 'SKHCN', clock));
    const before = await standingsEvents((events) => entriesFor(events, '816').some((s) => s.status === 'on-track'));

    // Two passes over the same committed aggregate store the same standing: the same event id both times.
    await evaluate([row]);
    await evaluate([row]);
    // The value withdrawn (a new version without one): the stored standing goes, and the event says so.
    await evaluate([{ ...row, value: null, version: row.version + 1 }]);
    const after = await standingsEvents((events) => events.length >= before.length + 3);
    const [again, twice, removal] = after.slice(before.length);
    expect(again.id).toBe(twice.id);
    expect(again.standings).toEqual(twice.standings);
    expect(again.standings).toEqual([expect.objectContaining({ orgUnitCode: '816', status: 'on-track', value: 78 })]);
    expect(removal.id).not.toBe(again.id);
    expect(removal.standings).toEqual([
      {
        orgUnitCode: '816',
        orgUnitName: 'Thành phố Gò Công',
        period: '2024S2',
        aggregateVersion: row.version + 1,
        removed: true,
      },
    ]);
    expect(await storedStanding()).toBeUndefined();
  });

  it('publishes the standings stored before the event existed once the migration queues them for judgement', async () => {
    const dataSource = service.app.get(DataSource);
    const province = (events: StandingsEvent[]) => entriesFor(events, '82');
    // The province's latest standing (on track after the correction of the first test).
    const before = await standingsEvents((events) => province(events).some((e) => e.status === 'on-track'));
    const runner = dataSource.createQueryRunner();
    try {
      await new PublishStoredStandings1765100000100().up(runner);
    } finally {
      await runner.release();
    }
    // The evaluation job takes the queued keys and publishes what it stores again: the province's same standing.
    const after = await standingsEvents((events) => province(events).length > province(before).length);
    expect(province(after).at(-1)).toEqual(province(before).at(-1));
  });
});
