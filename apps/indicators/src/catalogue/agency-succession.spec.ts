import { type AgencyRecord, type AgencySuccession, resolveAgencyOn } from './agency-succession';

const agency = (code: string, validFrom: string | null, validTo: string | null): AgencyRecord => ({
  code,
  nameVi: `vi ${code}`,
  nameEn: `en ${code}`,
  validFrom,
  validTo,
});
const link = (predecessorCode: string, successorCode: string, effectiveFrom: string): AgencySuccession => ({
  predecessorCode,
  successorCode,
  effectiveFrom,
});

// The seeded shape: STTTT merged into SKHCN, SNNPTNT and STNMT into SNNMT, district committees ended.
const agencies = [
  agency('STTTT', null, '2025-02-28'),
  agency('SKHCN', null, null),
  agency('SNNPTNT', null, '2025-02-28'),
  agency('STNMT', null, '2025-02-28'),
  agency('SNNMT', '2025-03-01', null),
  agency('UBND815', null, '2025-06-30'),
];
const successions = [
  link('STTTT', 'SKHCN', '2025-03-01'),
  link('SNNPTNT', 'SNNMT', '2025-03-01'),
  link('STNMT', 'SNNMT', '2025-03-01'),
];

describe('resolveAgencyOn', () => {
  it('is the agency itself while it is in force', () => {
    expect(resolveAgencyOn(agencies, successions, 'STTTT', '2025-02-28')).toMatchObject({
      found: true,
      agency: { code: 'STTTT' },
      via: [],
    });
  });

  it('follows the successor link once the agency has ended', () => {
    expect(resolveAgencyOn(agencies, successions, 'STTTT', '2025-08-01')).toMatchObject({
      found: true,
      agency: { code: 'SKHCN' },
      via: ['STTTT'],
    });
  });

  it('resolves both predecessors of a merger to the merged agency', () => {
    for (const code of ['SNNPTNT', 'STNMT']) {
      expect(resolveAgencyOn(agencies, successions, code, '2025-03-01')).toMatchObject({
        found: true,
        agency: { code: 'SNNMT' },
        via: [code],
      });
    }
  });

  it('follows a chain of links', () => {
    const chain = [...agencies.slice(0, 1), agency('SKHCN', null, '2025-06-30'), agency('SKHCNDT', '2025-07-01', null)];
    const links = [...successions, link('SKHCN', 'SKHCNDT', '2025-07-01')];
    expect(resolveAgencyOn(chain, links, 'STTTT', '2025-07-01')).toMatchObject({
      found: true,
      agency: { code: 'SKHCNDT' },
      via: ['STTTT', 'SKHCN'],
    });
    expect(resolveAgencyOn(chain, links, 'STTTT', '2025-06-30')).toMatchObject({
      found: true,
      agency: { code: 'SKHCN' },
      via: ['STTTT'],
    });
  });

  it('finds nobody for an agency that ended without a successor, and says so', () => {
    const r = resolveAgencyOn(agencies, successions, 'UBND815', '2025-08-01');
    expect(r).toEqual({
      found: false,
      reason: 'agency UBND815 ended on 2025-06-30 and no successor is recorded',
      via: [],
      candidates: [],
    });
  });

  it('refuses to pick one of several successors from the same day, naming them', () => {
    const split = [...agencies, agency('UBNDX1', '2025-07-01', null), agency('UBNDX2', '2025-07-01', null)];
    const links = [...successions, link('UBND815', 'UBNDX2', '2025-07-01'), link('UBND815', 'UBNDX1', '2025-07-01')];
    const r = resolveAgencyOn(split, links, 'UBND815', '2025-08-01');
    expect(r).toMatchObject({ found: false, candidates: ['UBNDX1', 'UBNDX2'], via: ['UBND815'] });
    expect(r.found === false && r.reason).toMatch(/succeeded by UBNDX1, UBNDX2 from 2025-07-01/);
  });

  it('takes the latest link effective by the date when an agency has successive successors', () => {
    const list = [agency('A', null, '2025-02-28'), agency('B', null, null), agency('C', null, null)];
    const links = [link('A', 'B', '2025-03-01'), link('A', 'C', '2025-07-01')];
    expect(resolveAgencyOn(list, links, 'A', '2025-05-01')).toMatchObject({ found: true, agency: { code: 'B' } });
    expect(resolveAgencyOn(list, links, 'A', '2025-07-01')).toMatchObject({ found: true, agency: { code: 'C' } });
  });

  it('says when the agency was not yet in force, or its successor not yet effective', () => {
    expect(resolveAgencyOn(agencies, successions, 'SNNMT', '2024-12-31')).toMatchObject({
      found: false,
      reason: expect.stringMatching(/not yet in force on 2024-12-31 \(in force from 2025-03-01\)/),
    });
    const gap = [agency('A', null, '2025-02-28'), agency('B', null, null)];
    expect(resolveAgencyOn(gap, [link('A', 'B', '2025-04-01')], 'A', '2025-03-15')).toMatchObject({
      found: false,
      reason: expect.stringMatching(/takes over later \(B from 2025-04-01\)/),
    });
  });

  it('stops on unknown codes and loops', () => {
    expect(resolveAgencyOn(agencies, successions, 'NOPE', '2025-01-01')).toMatchObject({
      found: false,
      reason: "unknown agency 'NOPE'",
    });
    const loop = [agency('A', null, '2020-12-31'), agency('B', null, '2020-12-31')];
    expect(
      resolveAgencyOn(loop, [link('A', 'B', '2021-01-01'), link('B', 'A', '2021-01-01')], 'A', '2022-01-01'),
    ).toMatchObject({
      found: false,
      reason: expect.stringMatching(/loop/),
    });
  });
});
