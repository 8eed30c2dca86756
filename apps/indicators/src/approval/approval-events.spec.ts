import { awaitingApprovalEvents } from './approval-events';
import { decodeApprovalCursor, encodeApprovalCursor } from './approval-cursor';

describe('awaiting-approval events', () => {
  const cell = (orgUnitCode: string, over: Partial<Parameters<typeof awaitingApprovalEvents>[0][number]> = {}) => ({
    indicatorCode: 'BTS_COUNT',
    orgUnitCode,
    period: '2026S2',
    reportingAgency: 'SKHCN',
    approvingAgency: 'SKHCN',
    value: '12',
    ...over,
  });
  const at = '2026-11-27T03:04:05.000Z';

  it('are one per approving agency, reporting agency, indicator and period, listing the org units', () => {
    const events = awaitingApprovalEvents(
      [cell('28252'), cell('28249'), cell('28249', { period: '2026S1' }), cell('28255', { approvingAgency: 'SYT' })],
      'kafka:SKHCN',
      at,
    );
    expect(events).toEqual([
      {
        indicatorCode: 'BTS_COUNT',
        period: '2026S2',
        agency: 'SKHCN',
        approvingAgency: 'SKHCN',
        reportingAgency: 'SKHCN',
        changedBy: 'kafka:SKHCN',
        occurredAt: at,
        orgUnitCodes: ['28249', '28252'],
        valueCount: 2,
      },
      expect.objectContaining({
        period: '2026S1',
        orgUnitCodes: ['28249'],
        valueCount: 1,
        orgUnitCode: '28249',
        value: 12,
      }),
      expect.objectContaining({ agency: 'SYT', approvingAgency: 'SYT', orgUnitCodes: ['28255'], orgUnitCode: '28255' }),
    ]);
  });

  it('carry no value for a single RATIO cell (numerator and denominator are in the approver’s list)', () => {
    const [event] = awaitingApprovalEvents([cell('28249', { value: null })], 'rest:SKHCN', at);
    expect(event).toMatchObject({ orgUnitCode: '28249', valueCount: 1 });
    expect(event).not.toHaveProperty('value');
  });
});

describe('approval cursor', () => {
  it('round-trips a position and refuses text it did not make', () => {
    const position = { indicatorCode: 'FIBRE_HH', period: '2024S2', orgUnitId: 42 };
    expect(decodeApprovalCursor(encodeApprovalCursor(position))).toEqual(position);
    expect(decodeApprovalCursor(Buffer.from('a:fibre|2024S2|42').toString('base64url'))).toBeNull();
    expect(decodeApprovalCursor('not a cursor!')).toBeNull();
  });
});
