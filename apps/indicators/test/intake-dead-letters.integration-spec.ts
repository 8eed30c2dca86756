import { type AgencyMessage, agencyReportHeaders, readTopic, waitFor } from '@dxhub/testing';
import { AUTH, useIntakeService } from './intake-harness';

/*
 * The intake against the real broker and database: every bad report dead-lettered with its reason beside the good
 * ones, and the topic of an agency added while the service runs consumed.
 */
describe('indicator intake (Kafka + PostgreSQL)', () => {
  const intake = useIntakeService('intake-dead-letters');
  const { service, topic, report, aggregate } = intake;

  it('dead-letters every bad report with the reason and carries on with the good ones beside it', async () => {
    const bad: [AgencyMessage, RegExp][] = [
      [{ key: 'X', value: '{not json', headers: agencyReportHeaders('STTTT', 'bad-json') }, /not JSON/],
      [
        report(
          'STTTT',
          { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024-07', value: 1 },
          { id: 'bad-period' },
        ),
        /DHIS2 notation/,
      ],
      [
        report(
          'STTTT',
          { indicatorCode: 'NO_SUCH', orgUnitCode: '815', period: '2024S2', value: 1 },
          { id: 'bad-indicator' },
        ),
        /unknown indicator 'NO_SUCH'/,
      ],
      [
        report(
          'STTTT',
          { indicatorCode: 'BTS_COUNT', orgUnitCode: '99999', period: '2024S2', value: 1 },
          { id: 'bad-unit' },
        ),
        /unknown org unit '99999'/,
      ],
      [
        report(
          'STTTT',
          { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2025S2', value: 1 },
          { id: 'gone-unit' },
        ),
        /does not exist on 2025-12-31/,
      ],
      [
        report(
          'STTTT',
          { indicatorCode: 'FIBRE_HH', orgUnitCode: '815', period: '2024S2', value: 50 },
          { id: 'bad-shape' },
        ),
        /RATIO: send numerator and denominator/,
      ],
      [
        report(
          'STTTT',
          { indicatorCode: 'FIBRE_HH', orgUnitCode: '815', period: '2024S2', numerator: 1, denominator: 0 },
          { id: 'zero-den' },
        ),
        /denominator must be a positive number/,
      ],
      [
        report(
          'STTTT',
          { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S1', value: -5 },
          { id: 'below-min' },
        ),
        /below the minimum 0/,
      ],
      [
        report(
          'STTTT',
          { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S1', value: 1, extra: true },
          { id: 'extra' },
        ),
        /property extra should not exist/,
      ],
      [
        report(
          'STTTT',
          { indicatorCode: 'BTS_COUNT', orgUnitCode: '815', period: '2024S1', value: 1 },
          { id: 'forged', headers: { ce_source: '/agencies/SYT' } },
        ),
        /does not match the topic's agency/,
      ],
      [
        report(
          'STTTT',
          { indicatorCode: 'DVC_AVG_DAYS', orgUnitCode: '815', period: '2024Q1', value: 3 },
          { id: 'not-ours' },
        ),
        /not responsible for indicator DVC_AVG_DAYS: agency VPUBND is \(rule agency-reports-own-indicators\)/,
      ],
      [
        report(
          'STTTT',
          { indicatorCode: 'BTS_COUNT', orgUnitCode: '82', period: '2025S2', value: 1 },
          { id: 'merged-away' },
        ),
        /agency SKHCN is \(rule agency-reports-own-indicators\)/,
      ],
    ];
    const good = report(
      'STTTT',
      { indicatorCode: 'BTS_COUNT', orgUnitCode: '818', period: '2024S2', value: 2 },
      { id: 'good-beside-bad' },
    );
    await intake.producer.send(topic('STTTT'), [...bad.map(([m]) => m), good]);

    const letters = await readTopic(`${topic('STTTT')}.dlq`, bad.length);
    expect(letters).toHaveLength(bad.length);
    for (const [message, reason] of bad) {
      const letter = letters.find((l) => l.headers.ce_id === message.headers.ce_id);
      expect(letter).toBeDefined();
      expect(letter?.headers.dx_dlq_reason).toMatch(reason);
      expect(letter?.value?.toString()).toBe(String(message.value));
      expect(letter?.headers.dx_dlq_original_topic).toBe('dx.agency.STTTT.indicator-values');
    }
    await waitFor(
      async () => aggregate('BTS_COUNT', '818', '2024-12-31', '2024S2'),
      10000,
      'the good report beside the bad ones',
    );
  });

  it('consumes the topic of an agency added while it runs', async () => {
    const created = await fetch(`${service.url}/v1/agencies`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        code: 'SNGV',
        nameVi: 'Sở Ngoại vụ',
        nameEn: 'Department of Foreign Affairs',
        kind: 'department',
        orgUnitCode: '82',
      }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      code: 'SNGV',
      nameVi: 'Sở Ngoại vụ',
      topics: expect.arrayContaining(['dx.agency.SNGV.indicator-values']),
    });

    // The new agency holds no indicator yet, so its report is consumed and dead-lettered by the access rule.
    const fromSngv = report('SNGV', { indicatorCode: 'BTS_COUNT', orgUnitCode: '819', period: '2024S2', value: 6 });
    await intake.producer.send(topic('SNGV'), [fromSngv]);
    const [letter] = await readTopic(`${topic('SNGV')}.dlq`, 1, 30000);
    expect(letter.headers.ce_id).toBe(fromSngv.headers.ce_id);
    expect(letter.headers.dx_dlq_reason).toMatch(
      /agency SNGV is not responsible for indicator BTS_COUNT.*rule agency-reports-own-indicators/,
    );
    expect(await aggregate('BTS_COUNT', '819', '2024-12-31', '2024S2')).toBeUndefined();

    const again = await fetch(`${service.url}/v1/agencies`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        code: 'SNGV',
        nameVi: 'Sở Ngoại vụ',
        nameEn: 'Department of Foreign Affairs',
        kind: 'department',
      }),
    });
    expect(again.status).toBe(409);
    const invalid = await fetch(`${service.url}/v1/agencies`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'bad code', nameVi: 'x', nameEn: 'x', kind: 'department', admin: true }),
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toMatch(/property admin should not exist.*|code must be/);
  });
});
