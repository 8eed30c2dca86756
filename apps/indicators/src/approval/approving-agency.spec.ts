import type { AgencyRecord, AgencySuccession } from '../catalogue/agency-succession';
import { resolveApprover } from './approving-agency';

describe('resolveApprover', () => {
  const agency = (code: string, validFrom: string | null, validTo: string | null): AgencyRecord => ({
    code,
    nameVi: code,
    nameEn: code,
    validFrom,
    validTo,
  });
  const agencies = [
    agency('STTTT', null, '2025-02-28'),
    agency('SKHCN', null, null),
    agency('SYT', null, null),
    agency('UBND815', null, '2025-06-30'),
  ];
  const successions: AgencySuccession[] = [
    { predecessorCode: 'STTTT', successorCode: 'SKHCN', effectiveFrom: '2025-03-01' },
  ];

  it('defaults to the programme office, which STTTT held until the 2025 merger and SKHCN holds since', () => {
    expect(resolveApprover(agencies, successions, null, 'STTTT', '2024-06-01')).toEqual({
      found: true,
      agency: 'STTTT',
      declared: 'STTTT',
      via: [],
      fallback: false,
    });
    expect(resolveApprover(agencies, successions, null, 'STTTT', '2026-11-27')).toEqual({
      found: true,
      agency: 'SKHCN',
      declared: 'STTTT',
      via: ['STTTT'],
      fallback: false,
    });
  });

  it('takes the indicator’s own approving agency when it names one', () => {
    expect(resolveApprover(agencies, successions, 'SYT', 'STTTT', '2026-11-27')).toMatchObject({
      found: true,
      agency: 'SYT',
      fallback: false,
    });
  });

  it('falls back to the programme office when the named approver ended without a successor', () => {
    expect(resolveApprover(agencies, successions, 'UBND815', 'STTTT', '2026-11-27')).toEqual({
      found: true,
      agency: 'SKHCN',
      declared: 'UBND815',
      via: ['STTTT'],
      fallback: true,
    });
  });

  it('says why nobody approves when the programme office itself cannot be resolved', () => {
    const answer = resolveApprover(agencies, [], 'UBND815', 'STTTT', '2026-11-27');
    expect(answer).toMatchObject({ found: false, declared: 'UBND815' });
    expect(answer.found ? '' : answer.reason).toMatch(
      /agency UBND815 ended on 2025-06-30.*the programme office: agency STTTT ended on 2025-02-28/,
    );
  });
});
