import type { AggregatesRepository } from '../aggregates/aggregates.repository';
import type { CatalogueRepository, OrgUnitAt } from './catalogue.repository';
import { CatalogueService, levelOfCode } from './catalogue.service';

function service(published: OrgUnitAt[], named: { orgUnitCode: string; orgUnitName: string }[]): CatalogueService {
  const catalogue: Pick<CatalogueRepository, 'orgUnitsAt'> = { orgUnitsAt: jest.fn(async () => published) };
  const aggregates: Pick<AggregatesRepository, 'unitNames'> = { unitNames: jest.fn(async () => named) };
  return new CatalogueService(catalogue as CatalogueRepository, aggregates as AggregatesRepository);
}

describe('CatalogueService.orgUnitsAt', () => {
  it('answers the published hierarchy when there is one', async () => {
    const province: OrgUnitAt = { code: '82', nameVi: 'Tỉnh Tiền Giang', type: 'Tỉnh', level: 1, parentCode: null };
    expect(await service([province], [{ orgUnitCode: '815', orgUnitName: 'x' }]).orgUnitsAt('2024-12-31')).toEqual([
      province,
    ]);
  });

  it('until then, lets the units the aggregates name stand in, districts under the province', async () => {
    const units = await service(
      [],
      [
        { orgUnitCode: '815', orgUnitName: 'Thành phố Mỹ Tho' },
        { orgUnitCode: '82', orgUnitName: 'Tỉnh Tiền Giang' },
        { orgUnitCode: '28249', orgUnitName: 'Phường Đạo Thạnh' },
      ],
    ).orgUnitsAt('2024-12-31');
    expect(units).toEqual([
      { code: '815', nameVi: 'Thành phố Mỹ Tho', type: '', level: 2, parentCode: '82' },
      { code: '82', nameVi: 'Tỉnh Tiền Giang', type: '', level: 1, parentCode: null },
      { code: '28249', nameVi: 'Phường Đạo Thạnh', type: '', level: 3, parentCode: null },
    ]);
    expect([levelOfCode('82'), levelOfCode('815'), levelOfCode('28249')]).toEqual([1, 2, 3]);
  });
});
