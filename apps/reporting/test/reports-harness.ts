import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@dxhub/http';
import {
  AgencyProducer,
  bearer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import type { AddressInfo } from 'node:net';
import { ReportingAppModule } from '../src/app.module';
import { aggregateEvent, indicatorDefined, orgUnitDefined, SCORES_2024S2, standingsEvent } from './fixtures';

export const APPROVED = 'dx.indicator-aggregate.approved';
export const VIEWER = bearer({ agency: 'SYT', roles: ['viewer'] });
export const OFFICE = bearer({ agency: 'STTTT', roles: ['programme-office'] });

export const FIBRE_VI = 'Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang';
export const DVC_VI = 'Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến mức độ 4';

/** The target fields of the two definitions: the indicators service judges their figures against these paths. */
export const FIBRE_TARGETS = {
  direction: 'HIGHER_IS_BETTER',
  baseline: { period: '2022S1', value: 68.3 },
  targets: [
    { year: 2025, value: 80, comparator: '>', tolerance: 2 },
    { year: 2030, value: 100, comparator: '>=', tolerance: 2 },
  ],
};
export const DVC_TARGETS = {
  direction: 'HIGHER_IS_BETTER',
  targets: [{ year: 2025, value: 80, comparator: '>=', tolerance: 2 }],
};
export const PROVINCE = { orgUnitCode: '82', orgUnitName: 'Tỉnh Tiền Giang' };

/** The reporting service under test, its URL, and the producer standing in for the indicators service. */
export interface ReportingWithFigures {
  app: INestApplication;
  url: string;
  producer: AgencyProducer;
  prefix: string;
}

/**
 * The reporting service on its own database and topic prefix, fed from hand-made events only: the catalogue (two
 * indicators with targets), the hierarchy (the province and three districts), aggregates of 2024S1 and 2024S2,
 * approved-only figures, and the indicators service's standings of the aggregates and DTI scores of the units. Ready once the read models hold
 * them; closed after the file's tests.
 */
export function useReportingWithFigures(label: string): ReportingWithFigures {
  const running = { prefix: uniqueTopicPrefix(label) } as ReportingWithFigures;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    const prefix = running.prefix;
    database = await createTestDatabase(label);
    Object.assign(process.env, serviceTestEnv(database, prefix), { REPORT_SCHEDULE_INTERVAL_MS: '0' });
    const app = await NestFactory.create(ReportingAppModule, { logger: ['error'], abortOnError: false });
    configureHttpApp(app, { name: 'reporting', title: 'reporting', description: 'test', defaultPort: 0, config: [] });
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const producer = await AgencyProducer.connect('test-indicators-service');
    // Closed after the tests even if the read models never catch up.
    Object.assign(running, { app, url, producer });
    await producer.send(`${prefix}dx.indicators.events`, [
      indicatorDefined('FIBRE_HH', {
        nameVi: FIBRE_VI,
        nameEn: 'Households with fibre broadband',
        unit: '%',
        responsibleAgency: 'STTTT',
        pillar: 'XHS',
        subIndex: 'HT',
        periodType: 'SIX_MONTHLY',
        ...FIBRE_TARGETS,
      }),
      indicatorDefined('DVCTT_L4', {
        nameVi: DVC_VI,
        nameEn: 'Level-4 online public services',
        unit: '%',
        pillar: 'CQS',
        subIndex: 'HDCQS',
        periodType: 'SIX_MONTHLY',
        ...DVC_TARGETS,
      }),
      orgUnitDefined('82', 'Tỉnh Tiền Giang', 1, null),
      orgUnitDefined('815', 'Thành phố Mỹ Tho', 2, '82'),
      orgUnitDefined('816', 'Thành phố Gò Công', 2, '82'),
      orgUnitDefined('817', 'Thị xã Cai Lậy', 2, '82'),
      aggregateEvent('FIBRE_HH', '82', 'Tỉnh Tiền Giang', '2024S2', 1, 75),
      aggregateEvent('FIBRE_HH', '82', 'Tỉnh Tiền Giang', '2024S1', 1, 72),
      aggregateEvent('DVCTT_L4', '82', 'Tỉnh Tiền Giang', '2024S2', 1, 81.25),
      aggregateEvent('FIBRE_HH', '815', 'Thành phố Mỹ Tho', '2024S2', 1, 88),
      aggregateEvent('FIBRE_HH', '816', 'Thành phố Gò Công', '2024S2', 1, 61),
      aggregateEvent('FIBRE_HH', '817', 'Thị xã Cai Lậy', '2024S2', 1, 88),
      // Approved-only figures: Mỹ Tho's 88 approved; Gò Công's approved once, then re-opened by a correction
      // (nothing approved any more; the events arrive out of order); Cai Lậy's and the province's pending.
      aggregateEvent('FIBRE_HH', '815', 'Thành phố Mỹ Tho', '2024S2', 1, 88, APPROVED),
      aggregateEvent('FIBRE_HH', '816', 'Thành phố Gò Công', '2024S2', 2, null, APPROVED),
      aggregateEvent('FIBRE_HH', '816', 'Thành phố Gò Công', '2024S2', 1, 60, APPROVED),
      // The indicators service's judgements of the figures (all values): the scorecard shows them.
      standingsEvent('FIBRE_HH', FIBRE_TARGETS, [
        { ...PROVINCE, period: '2024S2', version: 1, value: 75 },
        { ...PROVINCE, period: '2024S1', version: 1, value: 72 },
        { orgUnitCode: '815', orgUnitName: 'Thành phố Mỹ Tho', period: '2024S2', version: 1, value: 88 },
        { orgUnitCode: '816', orgUnitName: 'Thành phố Gò Công', period: '2024S2', version: 1, value: 61 },
        { orgUnitCode: '817', orgUnitName: 'Thị xã Cai Lậy', period: '2024S2', version: 1, value: 88 },
      ]),
      standingsEvent('DVCTT_L4', DVC_TARGETS, [{ ...PROVINCE, period: '2024S2', version: 1, value: 81.25 }]),
      ...SCORES_2024S2, // the indicators service's DTI scores of these figures
    ]);
    for (const by of ['indicator&code=FIBRE_HH', 'overall']) {
      await waitFor(
        async () => {
          const res = await fetch(`${url}/v1/league-table?period=2024S2&by=${by}`, { headers: VIEWER });
          const body = res.ok ? ((await res.json()) as { rows: { value: number | null }[] }) : undefined;
          return body && body.rows.filter((r) => r.value !== null).length === 3 ? true : undefined;
        },
        30000,
        `the read models (${by})`,
      );
    }
    await waitFor(
      async () => {
        // Both indicators' standings events (keyed by indicator: maybe on two partitions) are in.
        const res = await fetch(`${url}/v1/scorecard?orgUnit=82&period=2024S2`, { headers: VIEWER });
        const card = res.ok
          ? ((await res.json()) as { indexes: { lines: { standingVersion: number | null }[] }[] })
          : undefined;
        const judged = card?.indexes.flatMap((i) => i.lines.filter((l) => l.standingVersion === 1)) ?? [];
        return judged.length === 2 ? true : undefined;
      },
      30000,
      'the standings',
    );
  });

  afterAll(async () => {
    await running.producer?.close();
    await running.app?.close();
    await database?.drop();
    await deleteTopicsWithPrefix(running.prefix);
  });

  return running;
}

/** The province's FIBRE_HH line of the 2024S2 scorecard, as the API serves it. */
export async function provinceFibreLine(reporting: ReportingWithFigures): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(`${reporting.url}/v1/scorecard?orgUnit=82&period=2024S2`, { headers: VIEWER });
  const card = (await res.json()) as { indexes: { code: string; lines: Record<string, unknown>[] }[] };
  return card.indexes.find((i) => i.code === 'HT')?.lines[0];
}
