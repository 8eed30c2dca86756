import { bearer } from '@dxhub/testing';
import { useObligationsService } from './obligations-harness';

/*
 * Defining reporting obligations over the API against the real database: who may, the checks against the catalogue,
 * and the OpenAPI document. The scheduler's events and completeness are in obligations.integration-spec.ts.
 */
describe('reporting obligations (PostgreSQL, Kafka)', () => {
  const { service, get, post } = useObligationsService('obligation-definitions');

  it('lets only the programme office or an administrator define obligations, and checks them against the catalogue', async () => {
    const body = {
      code: 'BTS_DISTRICTS',
      nameVi: 'Báo cáo trạm BTS cấp huyện',
      nameEn: 'District BTS report',
      agencyCode: 'SKHCN',
      periodType: 'SIX_MONTHLY',
      indicatorCodes: ['BTS_COUNT'],
      orgUnitCodes: ['82'],
      coverage: 'CHILDREN',
      dueAnchor: 'CUT_OFF',
      dueWorkingDays: 2,
    };
    const reporter = { ...bearer({ agency: 'SKHCN', roles: ['reporter'] }), 'content-type': 'application/json' };
    expect(await post('/v1/obligations', body, reporter)).toMatchObject({
      status: 403,
      body: { rule: 'role-required' },
    });
    expect(await post('/v1/obligations', { ...body, periodType: 'YEARLY' })).toMatchObject({
      status: 400,
      body: { error: 'INDICATOR_PERIOD_TYPE_MISMATCH' },
    });
    expect(await post('/v1/obligations', { ...body, agencyCode: 'NOPE' })).toMatchObject({
      status: 400,
      body: { error: 'UNKNOWN_AGENCY' },
    });
    expect(await post('/v1/obligations', { ...body, orgUnitCodes: ['999'] })).toMatchObject({
      status: 400,
      body: { error: 'UNKNOWN_ORG_UNIT' },
    });
    expect(await post('/v1/obligations', { ...body, dueWorkingDays: -1 })).toMatchObject({ status: 400 });
    expect(await post('/v1/obligations', body)).toMatchObject({
      status: 201,
      body: { code: 'BTS_DISTRICTS', origin: 'api' },
    });
    expect(await post('/v1/obligations', body)).toMatchObject({ status: 409, body: { error: 'OBLIGATION_EXISTS' } });
    // 2024S2: the 11 district-level units, not the province itself.
    const s2 = await get<{ period: { expectedReports: number; dueDate: string } }>(
      '/v1/obligations/BTS_DISTRICTS?period=2024S2',
    );
    expect(s2.body.period).toMatchObject({ expectedReports: 11, dueDate: '2024-12-17' });
  });

  it('describes the endpoints in OpenAPI', async () => {
    const res = await fetch(`${service.url}/openapi.json`);
    const doc = (await res.json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/obligations', '/v1/obligations/completeness', '/v1/obligations/{code}']),
    );
    expect(doc.components.schemas).toHaveProperty('CompletenessViewDto');
    expect(doc.components.schemas).toHaveProperty('CreateObligationDto');
  });
});
