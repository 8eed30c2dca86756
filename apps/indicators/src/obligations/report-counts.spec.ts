import { countReports, type ExpectedReport, exactPercent, rollUp } from './report-counts';

const report = (
  orgUnitCode: string,
  lineage: string[],
  receivedOn: string | null,
  agency = 'STTTT',
): ExpectedReport => ({
  obligationCode: 'OBL',
  agency,
  indicatorCode: 'CSDL_CONNECTED',
  orgUnitId: Number(orgUnitCode),
  orgUnitCode,
  period: '2024Q4',
  dueDate: '2025-01-08',
  lineage,
  receivedOn,
});

describe('completeness and timeliness counts', () => {
  it('gives percentages exactly to 10 decimals, rounding half up, and none for an empty whole', () => {
    expect(exactPercent(12, 26)).toBe('46.1538461538');
    expect(exactPercent(8, 26)).toBe('30.7692307692');
    expect(exactPercent(2, 3)).toBe('66.6666666667');
    expect(exactPercent(26, 26)).toBe('100.0000000000');
    expect(exactPercent(0, 7)).toBe('0.0000000000');
    expect(exactPercent(1, 3 * 10 ** 12)).toBe('0.0000000000');
    expect(exactPercent(0, 0)).toBeNull();
  });

  it('counts received reports and those received by the due day', () => {
    const counts = countReports([
      report('815', ['815', '82'], '2025-01-08'),
      report('816', ['816', '82'], '2025-01-09'),
      report('817', ['817', '82'], null),
    ]);
    expect(counts).toEqual({
      expectedReports: 3,
      receivedReports: 2,
      onTimeReports: 1,
      completeness: '66.6666666667',
      timeliness: '33.3333333333',
    });
  });

  it('rolls up as sums over the units below, not as a mean of the children’s ratios', () => {
    const reports = [
      report('815', ['815', '82'], '2025-01-02'),
      report('28249', ['28249', '815', '82'], null),
      report('28252', ['28252', '815', '82'], null),
      report('816', ['816', '82'], '2025-01-20'),
      report('82', ['82'], '2025-01-03'),
    ];
    const province = rollUp(reports, '82');
    // A mean of the children's completeness would be (1/3 + 1/1) / 2 = 66.67 %; the sums give 3 of 5.
    expect(province.total).toMatchObject({
      expectedReports: 5,
      receivedReports: 3,
      onTimeReports: 2,
      completeness: '60.0000000000',
    });
    expect(province.own).toMatchObject({ expectedReports: 1, receivedReports: 1 });
    expect(province.children.map((c) => [c.orgUnitCode, c.counts.expectedReports, c.counts.receivedReports])).toEqual([
      ['815', 3, 1],
      ['816', 1, 1],
    ]);
    const district = rollUp(reports, '815');
    expect(district.total).toMatchObject({ expectedReports: 3, receivedReports: 1, timeliness: '33.3333333333' });
    expect(district.children.map((c) => c.orgUnitCode)).toEqual(['28249', '28252']);
    expect(rollUp(reports, '817').total.completeness).toBeNull();
  });
});
