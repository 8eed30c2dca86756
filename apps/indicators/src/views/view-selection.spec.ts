import { DomainException } from '@dxhub/http';
import { selectView } from './view-selection';

describe('selectView', () => {
  it('reads the current values, pending included, over the hierarchy of the period by default', () => {
    expect(selectView({})).toEqual({
      view: 'current',
      asOf: null,
      status: 'all',
      hierarchy: 'as-of-period',
      source: { kind: 'current', approvedOnly: false },
    });
  });

  it('counts only approved current values with status=approved', () => {
    expect(selectView({ status: 'approved' }).source).toEqual({ kind: 'current', approvedOnly: true });
  });

  it('reads each cell’s first report with view=first-published, limited to what arrived by asOf when given', () => {
    expect(selectView({ view: 'first-published' }).source).toEqual({ kind: 'first-published', receivedBy: null });
    expect(selectView({ view: 'first-published', asOf: '2025-01-31T07:00:00+07:00' }).source).toEqual({
      kind: 'first-published',
      receivedBy: '2025-01-31T00:00:00.000Z',
    });
  });

  it('reads what was known at a time with asOf, normalised to UTC', () => {
    const selection = selectView({ asOf: '2025-02-01T08:00:00Z', hierarchy: 'restated' });
    expect(selection).toMatchObject({ view: 'current', asOf: '2025-02-01T08:00:00.000Z', hierarchy: 'restated' });
    expect(selection.source).toEqual({ kind: 'known-at', receivedBy: '2025-02-01T08:00:00.000Z' });
  });

  it.each([
    [{ status: 'approved', view: 'first-published' }, 'APPROVAL_FILTER_NEEDS_CURRENT_VIEW'],
    [{ status: 'approved', asOf: '2025-01-01T00:00:00Z' }, 'APPROVAL_FILTER_NEEDS_CURRENT_VIEW'],
    [{ asOf: 'not a time' }, 'INVALID_AS_OF'],
  ])('refuses %j with %s', (...[params, code]: [Record<string, string>, string]) => {
    expect(() => selectView(params)).toThrow(DomainException);
    expect(() => selectView(params)).toThrow(expect.objectContaining({ code }));
  });
});
