import { EventTypes, ServiceTopics } from '@dxhub/contracts';
import { bearer, type ConsumedRecord, readTopicUntil, waitFor } from '@dxhub/testing';
import { type RunningIndicators, startIndicators } from './indicators-app';

const STTTT = bearer({ agency: 'STTTT', roles: ['reporter', 'viewer'] });
const SKHDT = bearer({ agency: 'SKHDT', roles: ['reporter', 'viewer'] });
const SNV = bearer({ agency: 'SNV', roles: ['reporter', 'viewer'] });
const SKHCN = bearer({ agency: 'SKHCN', roles: ['reporter', 'viewer'] });

type Payload = Record<string, unknown>;

interface TopicEvent {
  type: string;
  payload: Payload;
}

/** Reads dx.indicators.events from the beginning until `enough` holds for the events read so far. */
async function readEventsUntil(topic: string, enough: (events: TopicEvent[]) => boolean): Promise<TopicEvent[]> {
  const events: TopicEvent[] = [];
  const decoded = (records: ConsumedRecord[]) => {
    for (const r of records.slice(events.length)) {
      events.push({ type: r.headers.ce_type, payload: JSON.parse(r.value?.toString('utf8') ?? '{}') as Payload });
    }
    return events;
  };
  decoded(await readTopicUntil(topic, (records) => enough(decoded(records)), 60000));
  return events;
}

/*
 * Targets and scores over the real broker and database: values reported over REST move aggregates, the
 * aggregates are queued and judged against their target paths by the evaluation job, status changes and scores
 * go out on dx.indicators.events.
 */
describe('targets, statuses and DTI-style scores (Kafka + PostgreSQL)', () => {
  let service: RunningIndicators;

  const topic = () => `${service.topicPrefix}${ServiceTopics.INDICATORS_EVENTS}`;
  const report = async (auth: Record<string, string>, values: Payload[]) => {
    const res = await fetch(`${service.url}/v1/indicator-values`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ values }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number };
    expect(body.accepted).toBe(values.length);
  };
  const get = async <T>(path: string) => {
    const res = await fetch(`${service.url}${path}`, { headers: STTTT });
    return { status: res.status, body: (await res.json()) as T };
  };
  const ratio = (
    indicatorCode: string,
    period: string,
    numerator: number,
    id: string,
    reportedAt: string,
    orgUnitCode = '82',
  ) => ({
    indicatorCode,
    orgUnitCode,
    period,
    numerator,
    denominator: 100,
    id,
    reportedAt,
  });

  beforeAll(async () => {
    // Scores every second instead of every 10 s: the tests wait for them.
    service = await startIndicators('targets', { SCORE_REFRESH_INTERVAL_MS: '1000' });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('publishes dx.indicator.off-track when a district falls below its target path, and back-on-track after a correction', async () => {
    // FIBRE_HH: baseline 68.3 % in 2022S1 (ends 2022-06-30), target > 80 % by 2025-12-31, tolerance 2.
    // 2024S2 ends 2024-12-31, 915 of the 1,280 days: 68.3 + 11.7 × 915/1280 = 76.663671875 → 76.6637.
    // Gò Công (816) reports 61 %: short by 15.66, beyond the tolerance; 61 / 76.6637 = 79.57 %.
    await report(STTTT, [ratio('FIBRE_HH', '2024S2', 61, 'fibre-816-first', '2025-01-05T08:00:00Z', '816')]);
    const offTrack = await waitFor(
      async () => {
        const { body } = await get<{ aggregates: Payload[] }>(
          '/v1/aggregates/status?orgUnit=816&period=2024S2&indicator=FIBRE_HH',
        );
        return body.aggregates?.[0]?.targetStatus === 'off-track' ? body.aggregates[0] : undefined;
      },
      30000,
      'the off-track standing',
    );
    expect(offTrack).toMatchObject({
      value: 61,
      target: 76.6637,
      targetYear: 2025,
      comparator: '>',
      tolerance: 2,
      achievement: 79.57,
    });

    // The correction: 78 % is above the path (78 / 76.6637 = 101.74 %).
    await report(STTTT, [ratio('FIBRE_HH', '2024S2', 78, 'fibre-816-fixed', '2025-01-06T08:00:00Z', '816')]);
    const isFor = (type: string, orgUnitCode: string) => (e: TopicEvent) =>
      e.type === type && e.payload.orgUnitCode === orgUnitCode && e.payload.period === '2024S2';
    const events = await readEventsUntil(topic(), (all) => all.some(isFor(EventTypes.INDICATOR_BACK_ON_TRACK, '816')));

    const off = events.filter(isFor(EventTypes.INDICATOR_OFF_TRACK, '816'));
    expect(off).toHaveLength(1);
    expect(off[0].payload).toMatchObject({
      indicatorCode: 'FIBRE_HH',
      orgUnitCode: '816',
      orgUnitName: 'Thành phố Gò Công',
      period: '2024S2',
      agency: 'SKHCN', // STTTT's responsibilities passed to SKHCN on 2025-03-01
      value: 61,
      target: 76.6637,
      achievement: 79.57,
      status: 'off-track',
      tolerance: 2,
    });
    expect(off[0].payload.previousStatus).toBeUndefined(); // its first standing
    const back = events.filter(isFor(EventTypes.INDICATOR_BACK_ON_TRACK, '816'));
    expect(back).toHaveLength(1);
    expect(back[0].payload).toMatchObject({
      value: 78,
      target: 76.6637,
      achievement: 101.74,
      status: 'on-track',
      previousStatus: 'off-track',
      agency: 'SKHCN',
    });
    // The province holds only Gò Công's households here: it went off track and back with it.
    expect(events.filter(isFor(EventTypes.INDICATOR_OFF_TRACK, '82'))).toHaveLength(1);

    const { body } = await get<{ aggregates: Payload[] }>('/v1/aggregates/status?orgUnit=816&period=2024S2');
    expect(body.aggregates).toEqual([
      expect.objectContaining({ indicator: 'FIBRE_HH', value: 78, targetStatus: 'on-track', achievement: 101.74 }),
    ]);
    // The aggregate itself carries the same standing.
    const aggregate = await get<Payload>('/v1/aggregates?indicator=FIBRE_HH&orgUnit=816&period=2024S2');
    expect(aggregate.body).toMatchObject({ value: 78, target: 76.6637, achievement: 101.74, targetStatus: 'on-track' });
    const offOnly = await get<{ aggregates: Payload[] }>(
      '/v1/aggregates/status?orgUnit=816&period=2024S2&targetStatus=off-track',
    );
    expect(offOnly.body.aggregates).toEqual([]);
  });

  it('scores the province for 2023 exactly as a hand computation with the DTI-2022 weights', async () => {
    /*
     * Framework for 2023: DTI-2022 (QĐ 922/QĐ-BTTTT; DOMAIN.md §1.2): NL 100 points, HĐCQS 200, HĐKTS 150,
     * HĐXHS 150 (NT, TC, HT, AT 100 each, without data here). Province 82, year 2023 (ends 2023-12-31).
     *
     * indicator        index  value  target on the path                                      achievement
     * SKILL_WORKAGE    NL     63     > 70 (no baseline: the 2025 target holds)               63/70     = 90 %
     * CBCC_DIGITAL_ID  HDCQS  95     ≥ 100                                                   95/100    = 95 %
     * KTS_GRDP         HDKTS  10.5   8.59 (2021) → 15 (2025): 8.59 + 6.41 × 730/1461
     *                                = 11.79280… → 11.7928                                   10.5/11.7928 = 89.0374 → 89.04 %
     * PAY_ACC_15       HDXHS  84     ≥ 80                                                    84/80     = 105 % (100 in a score)
     * CKS_ADULT        HDXHS  40     > 50                                                    40/50     = 80 %
     *
     * Index scores (mean of achievements capped at 100 %): NL 0.9, HDCQS 0.95, HDKTS 0.8904,
     * HDXHS (1 + 0.8)/2 = 0.9.
     * Overall: (0.9·100 + 0.95·200 + 0.8904·150 + 0.9·150) / (100 + 200 + 150 + 150)
     *        = (90 + 190 + 133.56 + 135) / 600 = 548.56 / 600 = 0.914266… → 0.9143; × 1000 = 914.3 points;
     *          coverage 600 / 1000 = 0.6.
     * Pillars: CQS (NL, HĐCQS) = (90 + 190) / 300 = 0.9333; KTS (NL, HĐKTS) = (90 + 133.56) / 250 = 0.89424 → 0.8942;
     *          XHS (NL, HĐXHS) = (90 + 135) / 250 = 0.9.
     */
    const at = '2024-01-20T08:00:00Z';
    await report(STTTT, [
      ratio('SKILL_WORKAGE', '2023', 63, 'dti-skill', at),
      ratio('PAY_ACC_15', '2023', 84, 'dti-pay', at),
      ratio('CKS_ADULT', '2023', 40, 'dti-cks', at),
    ]);
    await report(SNV, [ratio('CBCC_DIGITAL_ID', '2023', 95, 'dti-cbcc', at)]);
    await report(SKHDT, [{ ...ratio('KTS_GRDP', '2023', 10500, 'dti-grdp', at), denominator: 100000 }]);

    const scores = await waitFor(
      async () => {
        const { status, body } = await get<Payload & { parts: Payload[] }>('/v1/scores?orgUnit=82&period=2023');
        return status === 200 && (body.parts.find((p) => p.code === 'DTI')?.scored as number) === 5 ? body : undefined;
      },
      30000,
      'the province scores with all five indicators',
    );
    expect(scores).toMatchObject({
      orgUnit: { code: '82', nameVi: 'Tỉnh Tiền Giang' },
      period: '2023',
      framework: 'DTI-2022',
      decision: 'QĐ 922/QĐ-BTTTT',
      pointsInferred: false,
      score: 0.9143,
      points: 914.3,
      coverage: 0.6,
    });
    const score = (code: string) => scores.parts.find((p) => p.code === code)?.score;
    expect(['NL', 'HDCQS', 'HDKTS', 'HDXHS', 'NT'].map(score)).toEqual([0.9, 0.95, 0.8904, 0.9, null]);
    expect(['CQS', 'KTS', 'XHS'].map(score)).toEqual([0.9333, 0.8942, 0.9]);

    const grdp = await get<{ aggregates: Payload[] }>(
      '/v1/aggregates/status?orgUnit=82&period=2023&indicator=KTS_GRDP',
    );
    expect(grdp.body.aggregates[0]).toMatchObject({
      value: 10.5,
      target: 11.7928,
      achievement: 89.04,
      targetStatus: 'off-track',
    });

    // The same scores went out as dx.dti-score.updated; the highest version is the one that counts.
    const isProvince2023 = (e: TopicEvent) =>
      e.type === EventTypes.DTI_SCORE_UPDATED && e.payload.orgUnitCode === '82' && e.payload.period === '2023';
    const events = await readEventsUntil(topic(), (all) =>
      all.some((e) => isProvince2023(e) && e.payload.version === scores.version),
    );
    const latest = events.filter(isProvince2023).find((e) => e.payload.version === scores.version);
    expect(latest?.payload).toMatchObject({ framework: 'DTI-2022', points: 914.3, coverage: 0.6 });
    expect((latest?.payload.parts as Payload[])[0]).toEqual({
      code: 'DTI',
      kind: 'overall',
      score: 0.9143,
      maxPoints: 1000,
      scored: 5,
      indicators: 5,
    });
  });

  it('rescores the province when a late correction changes an achievement, with a new version', async () => {
    const before = await get<{ version: number }>('/v1/scores?orgUnit=82&period=2023');
    // CKS_ADULT corrected from 40 % to 50 %: 50/50 = 100 %, so HĐXHS = (1 + 1)/2 = 1 and the overall score is
    // (90 + 190 + 133.56 + 150) / 600 = 563.56 / 600 = 0.939266… → 0.9393; XHS = (90 + 150) / 250 = 0.96.
    await report(STTTT, [ratio('CKS_ADULT', '2023', 50, 'dti-cks-fixed', '2024-02-01T08:00:00Z')]);
    const after = await waitFor(
      async () => {
        const { body } = await get<Payload & { version: number; parts: Payload[] }>(
          '/v1/scores?orgUnit=82&period=2023',
        );
        return body.version > before.body.version ? body : undefined;
      },
      30000,
      'the rescored province',
    );
    expect(after).toMatchObject({ score: 0.9393, points: 939.3, coverage: 0.6 });
    expect(
      after.parts.filter((p) => ['HDXHS', 'XHS', 'CQS'].includes(String(p.code))).map((p) => [p.code, p.score]),
    ).toEqual([
      ['CQS', 0.9333],
      ['XHS', 0.96],
      ['HDXHS', 1],
    ]);
    // 50 against "> 50" (strict) is within the tolerance: back from off-track, which is news.
    const cks = await get<{ aggregates: Payload[] }>(
      '/v1/aggregates/status?orgUnit=82&period=2023&indicator=CKS_ADULT',
    );
    expect(cks.body.aggregates[0]).toMatchObject({ value: 50, achievement: 100, targetStatus: 'within-tolerance' });
    const isCks = (e: TopicEvent) =>
      e.type === EventTypes.INDICATOR_BACK_ON_TRACK && e.payload.indicatorCode === 'CKS_ADULT';
    const events = await readEventsUntil(topic(), (all) => all.some(isCks));
    expect(events.filter(isCks).map((e) => e.payload)).toEqual([
      expect.objectContaining({
        orgUnitCode: '82',
        period: '2023',
        status: 'within-tolerance',
        previousStatus: 'off-track',
      }),
    ]);
  });

  it('scores a quarter and a half-year from their own standings, and publishes each for its period', async () => {
    /*
     * Mỹ Tho (815), framework for 2025: DTI-2025 (points borrowed from DTI-2022: HĐCQS 200, HĐXHS 150).
     * DVCTT_L4 (quarterly, LAST over time) 72 % in 2025Q2: no baseline, so the 2025 target ≥ 80 holds: 72/80 = 90 %.
     * SMART_ADULT (six-monthly) 90 % in 2025S1: the path from 85.5 (2023S2) to 80 (2025) is below 85.5, so over 100 %.
     * 2025Q2 has DVCTT_L4 only: HĐCQS 0.9 = overall, 900 points, coverage 200/1000 = 0.2.
     * 2025S1 has both (DVCTT_L4's half-year is its last quarter's 72 %): (0.9·200 + 1·150) / 350 = 0.942857… → 0.9429,
     * coverage 350/1000 = 0.35.
     */
    const at = '2025-07-10T08:00:00Z';
    // STTTT's indicators are SKHCN's to report since 2025-03-01.
    await report(SKHCN, [
      ratio('DVCTT_L4', '2025Q2', 72, 'dti-quarter-dvc', at, '815'),
      ratio('SMART_ADULT', '2025S1', 90, 'dti-half-smart', at, '815'),
    ]);
    const scoresOf = (period: string, scored: number) =>
      waitFor(
        async () => {
          const { status, body } = await get<Payload & { parts: Payload[]; version: number }>(
            `/v1/scores?orgUnit=815&period=${period}`,
          );
          return status === 200 && body.parts.find((p) => p.code === 'DTI')?.scored === scored ? body : undefined;
        },
        30000,
        `the ${period} scores`,
      );
    const quarter = await scoresOf('2025Q2', 1);
    expect(quarter).toMatchObject({ period: '2025Q2', framework: 'DTI-2025', score: 0.9, points: 900, coverage: 0.2 });
    const half = await scoresOf('2025S1', 2);
    expect(half).toMatchObject({ period: '2025S1', framework: 'DTI-2025', score: 0.9429, coverage: 0.35 });
    const score = (parts: Payload[], code: string) => parts.find((p) => p.code === code)?.score;
    expect(['HDCQS', 'HDXHS', 'NT'].map((c) => score(half.parts, c))).toEqual([0.9, 1, null]);

    const isFor = (period: string, version: number) => (e: TopicEvent) =>
      e.type === EventTypes.DTI_SCORE_UPDATED &&
      e.payload.orgUnitCode === '815' &&
      e.payload.period === period &&
      e.payload.version === version;
    const events = await readEventsUntil(
      topic(),
      (all) => all.some(isFor('2025Q2', quarter.version)) && all.some(isFor('2025S1', half.version)),
    );
    expect(events.find(isFor('2025Q2', quarter.version))?.payload).toMatchObject({
      orgUnitName: 'Thành phố Mỹ Tho',
      framework: 'DTI-2025',
      points: 900,
      coverage: 0.2,
    });
    expect((events.find(isFor('2025S1', half.version))?.payload.parts as Payload[])[0]).toEqual({
      code: 'DTI',
      kind: 'overall',
      score: 0.9429,
      maxPoints: 1000,
      scored: 2,
      indicators: 2,
    });
  });

  it('answers 404 for an org unit without scores and 400 for a malformed status filter', async () => {
    expect((await get('/v1/scores?orgUnit=816&period=2019')).status).toBe(404);
    expect((await get('/v1/aggregates/status?orgUnit=816&period=2024S2&targetStatus=late')).status).toBe(400);
    expect((await get('/v1/aggregates/status?orgUnit=816&period=2024S2&indicator=NO_SUCH')).status).toBe(404);
  });
});
