import { waitFor } from '@dxhub/testing';
import { checkAggregates, recomputeAggregates } from '../src/aggregates/aggregate-recompute';
import { rulesFromCatalogue } from '../src/aggregates/aggregation-rules';
import { CatalogueService } from '../src/catalogue/catalogue.service';
import { AUTH, useIntakeService } from './intake-harness';

/*
 * The intake against the real broker and database: agency reports in, aggregates moved exactly, duplicates and
 * stale corrections ignored, aggregates recomputed from the stored values. Bad reports are in
 * intake-dead-letters.integration-spec.ts.
 */
describe('indicator intake (Kafka + PostgreSQL)', () => {
  const intake = useIntakeService('intake');
  const { service, topic, report, aggregate } = intake;

  it('serves the seeded catalogue, agencies and the org units of each period', async () => {
    const indicators = (await (await fetch(`${service.url}/v1/indicators`, { headers: AUTH })).json()) as {
      data: { code: string; aggregation: string; periodType: string }[];
    };
    expect(indicators.data.length).toBeGreaterThanOrEqual(28);
    expect(indicators.data.find((i) => i.code === 'FIBRE_HH')).toMatchObject({
      aggregation: 'RATIO',
      periodType: 'SIX_MONTHLY',
    });
    const agencies = (await (await fetch(`${service.url}/v1/agencies`, { headers: AUTH })).json()) as {
      data: { code: string; nameVi: string }[];
    };
    expect(agencies.data.find((a) => a.code === 'STTTT')?.nameVi).toBe('Sở Thông tin và Truyền thông');

    const districts2024 = (await (
      await fetch(`${service.url}/v1/org-units?at=2024-12-31&level=2`, { headers: AUTH })
    ).json()) as { data: { code: string }[] };
    expect(districts2024.data.map((u) => u.code)).toEqual([
      '815',
      '816',
      '817',
      '818',
      '819',
      '820',
      '821',
      '822',
      '823',
      '824',
      '825',
    ]);
    const communes2025 = (await (
      await fetch(`${service.url}/v1/org-units?at=2025-12-31&level=3`, { headers: AUTH })
    ).json()) as { data: { parentCode: string }[] };
    expect(communes2025.data).toHaveLength(102);
    expect(new Set(communes2025.data.map((u) => u.parentCode))).toEqual(new Set(['82']));
  });

  it('rolls reports up to their district and the province, counting each event once and the latest report per cell', async () => {
    const t = (minute: number) => new Date(Date.UTC(2025, 0, 10, 8, minute)).toISOString();
    const duplicateId = 'dup-1';
    await intake.producer.send(topic('STTTT'), [
      // Phường 5 and Phường 4 (communes of Mỹ Tho, 815) and Gò Công (816) itself.
      report(
        'STTTT',
        { indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2024S2', value: 10 },
        { time: t(1) },
      ),
      report(
        'STTTT',
        { indicatorCode: 'BTS_COUNT', orgUnitCode: '28252', period: '2024S2', value: 7.25 },
        { id: duplicateId, time: t(1) },
      ),
      report(
        'STTTT',
        { indicatorCode: 'BTS_COUNT', orgUnitCode: '28252', period: '2024S2', value: 7.25 },
        { id: duplicateId, time: t(1) },
      ),
      report('STTTT', { indicatorCode: 'BTS_COUNT', orgUnitCode: '816', period: '2024S2', value: 40 }, { time: t(2) }),
      // A correction for Gò Công, then an older report that arrives late: the correction stands.
      report('STTTT', { indicatorCode: 'BTS_COUNT', orgUnitCode: '816', period: '2024S2', value: 45 }, { time: t(5) }),
      report(
        'STTTT',
        { indicatorCode: 'BTS_COUNT', orgUnitCode: '816', period: '2024S2', value: 1000 },
        { time: t(3) },
      ),
      // A RATIO: sums of numerators over sums of denominators, never a mean of ratios.
      report(
        'STTTT',
        { indicatorCode: 'FIBRE_HH', orgUnitCode: '815', period: '2024S2', numerator: 30, denominator: 40 },
        { time: t(1) },
      ),
      report(
        'STTTT',
        { indicatorCode: 'FIBRE_HH', orgUnitCode: '816', period: '2024S2', numerator: 1, denominator: 10 },
        { time: t(1) },
      ),
      // Structured mode is accepted too.
      {
        key: 'BTS_COUNT',
        value: JSON.stringify({
          specversion: '1.0',
          id: 'structured-1',
          source: '/agencies/STTTT',
          type: 'dx.indicator-value.reported',
          time: t(1),
          datacontenttype: 'application/json',
          data: { indicatorCode: 'BTS_COUNT', orgUnitCode: '817', period: '2024S2', value: 3 },
        }),
        headers: { 'content-type': 'application/cloudevents+json' },
      },
    ]);

    const province = await waitFor(
      async () => {
        const a = await aggregate('BTS_COUNT', '82', '2024-12-31', '2024S2');
        return a && a.sum === 10 + 7.25 + 45 + 3 && a.count === 4 ? a : undefined;
      },
      30000,
      'the province BTS_COUNT aggregate',
    );
    expect(province).toMatchObject({ sum: 65.25, count: 4 });
    expect(await aggregate('BTS_COUNT', '815', '2024-12-31', '2024S2')).toMatchObject({ sum: 17.25, count: 2 });
    expect(await aggregate('BTS_COUNT', '816', '2024-12-31', '2024S2')).toMatchObject({ sum: 45, count: 1 });
    const fibre = await waitFor(async () => aggregate('FIBRE_HH', '82', '2024-12-31', '2024S2'), 10000, 'FIBRE_HH');
    expect(fibre).toMatchObject({ num: 31, den: 50, count: 2 });

    const [{ reports }] = await service.db.query(
      `SELECT count(*)::int AS reports FROM indicator_reports WHERE event_id = $1`,
      [duplicateId],
    );
    expect(reports).toBe(1);
    const catalogue = service.app.get(CatalogueService);
    const check = await checkAggregates(
      service.db,
      catalogue.allIndicators().map((i) => i.code),
      rulesFromCatalogue(catalogue),
    );
    expect(check).toEqual({ reportedPeriods: [], revalued: [], coarserPeriods: [] });
    // The year covers the half-year: BTS_COUNT is a stock, LAST over time.
    expect(await aggregate('BTS_COUNT', '82', '2024-12-31', '2024')).toMatchObject({ sum: 65.25, count: 4 });

    const outbox: { payload: { value: number; orgUnitCode: string } }[] = await service.db.query(
      `SELECT a AS payload FROM outbox, json_array_elements(outbox.payload) WITH ORDINALITY AS x(e, n),
              json_array_elements(e->'payload'->'aggregates') WITH ORDINALITY AS y(a, m)
       WHERE outbox.fan_out AND outbox.event_type = 'dx.indicator-aggregates.updated'
         AND a->>'indicatorCode' = 'FIBRE_HH' AND a->>'orgUnitCode' = '82'
       ORDER BY outbox.id DESC, n DESC, m DESC LIMIT 1`,
    );
    expect(outbox[0].payload.value).toBeCloseTo((31 / 50) * 100, 10);
  });

  it('stores a report that repeats the current value as the one that counts, without moving any aggregate', async () => {
    const t = (minute: number) => new Date(Date.UTC(2025, 0, 11, 8, minute)).toISOString();
    const cell = { indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2023S1' };
    const reportOfCell = async () => {
      const [row] = await service.db.query(
        `SELECT r.event_id FROM indicator_values v JOIN indicator_reports r ON r.id = v.report_id
         JOIN org_units o ON o.id = v.org_unit_id
         WHERE v.indicator_code = 'BTS_COUNT' AND o.code = '28249' AND v.period = '2023S1'`,
      );
      return (row as { event_id: string } | undefined)?.event_id;
    };
    await intake.producer.send(topic('STTTT'), [report('STTTT', { ...cell, value: 12 }, { id: 'same-1', time: t(1) })]);
    await waitFor(async () => (await reportOfCell()) === 'same-1' || undefined, 30000, 'the first report of the cell');
    const versions = async () =>
      Promise.all(
        [
          ['28249', '2023S1'],
          ['815', '2023S1'],
          ['82', '2023S1'],
          // BTS_COUNT is a stock (LAST over time): the year's figure is its latest half-year's, here 2023S1.
          ['28249', '2023'],
          ['82', '2023'],
        ].map(async ([unit, period]) => (await aggregate('BTS_COUNT', unit, '2023-06-30', period))?.version),
      );
    const before = await versions();
    expect(before.every((v) => typeof v === 'number')).toBe(true);

    // 12.0 is the same number as 12: a re-sent spreadsheet changes no figure.
    await intake.producer.send(topic('STTTT'), [
      report('STTTT', { ...cell, value: 12.0 }, { id: 'same-2', time: t(2) }),
    ]);
    await waitFor(
      async () => (await reportOfCell()) === 'same-2' || undefined,
      30000,
      'the repeated report of the cell',
    );
    expect(await versions()).toEqual(before);
    expect(await aggregate('BTS_COUNT', '82', '2023-06-30', '2023S1')).toMatchObject({ count: 1, sum: 12 });

    // A different value moves them again.
    await intake.producer.send(topic('STTTT'), [report('STTTT', { ...cell, value: 13 }, { id: 'same-3', time: t(3) })]);
    await waitFor(
      async () => (await reportOfCell()) === 'same-3' || undefined,
      30000,
      'the corrected report of the cell',
    );
    expect((await versions()).map((v, i) => (v ?? 0) - (before[i] ?? 0))).toEqual([1, 1, 1, 1, 1]);
    expect(await aggregate('BTS_COUNT', '82', '2023-06-30', '2023S1')).toMatchObject({ count: 1, sum: 13 });
  });

  it('recomputes from the stored values: a corrupted aggregate is reported, repaired and published', async () => {
    const catalogue = service.app.get(CatalogueService);
    const codes = catalogue.allIndicators().map((i) => i.code);
    const before = (await aggregate('BTS_COUNT', '815', '2024-12-31', '2024S2')) as { sum: number; version: number };
    await service.db.query(
      `UPDATE indicator_aggregates SET value_sum = value_sum + 1000, value = value + 1000
       WHERE indicator_code = 'BTS_COUNT' AND period = '2024S2' AND org_unit_id = (SELECT id FROM org_units WHERE code = '815')`,
    );
    const found = await checkAggregates(service.db, codes, rulesFromCatalogue(catalogue));
    expect(found.reportedPeriods).toEqual([
      expect.objectContaining({
        indicatorCode: 'BTS_COUNT',
        period: '2024S2',
        stored: expect.objectContaining({ valueSum: String(before.sum + 1000) }),
      }),
    ]);
    const repaired = await service.db.transaction((m) => recomputeAggregates(m, codes, rulesFromCatalogue(catalogue)));
    expect(repaired.reportedPeriods).toHaveLength(1);
    expect(await aggregate('BTS_COUNT', '815', '2024-12-31', '2024S2')).toMatchObject({
      sum: before.sum,
      version: before.version + 1,
    });
    expect(await checkAggregates(service.db, codes, rulesFromCatalogue(catalogue))).toEqual({
      reportedPeriods: [],
      revalued: [],
      coarserPeriods: [],
    });
  });

  it('aggregates a period after the 2025 reform over the new tree', async () => {
    // 28249 is Phường Đạo Thạnh of the new Đồng Tháp (82) from 2025-07-01; Mỹ Tho (815) no longer exists then.
    // STTTT merged into SKHCN on 2025-03-01, so SKHCN reports BTS_COUNT for 2025S2 (rule agency-reports-own-indicators).
    await intake.producer.send(topic('SKHCN'), [
      report('SKHCN', { indicatorCode: 'BTS_COUNT', orgUnitCode: '28249', period: '2025S2', value: 12 }),
    ]);
    const newProvince = await waitFor(
      async () => aggregate('BTS_COUNT', '82', '2025-12-31', '2025S2'),
      30000,
      'the new province aggregate',
    );
    expect(newProvince).toMatchObject({ sum: 12, count: 1 });
    const [{ names }] = await service.db.query(
      `SELECT array_agg(o.name_vi ORDER BY o.level) AS names FROM indicator_aggregates a JOIN org_units o ON o.id = a.org_unit_id
       WHERE a.indicator_code = 'BTS_COUNT' AND a.period = '2025S2'`,
    );
    expect(names).toEqual(['Tỉnh Đồng Tháp', 'Phường Đạo Thạnh']);
  });
});
