import { placementOf } from './restatement';

describe('placementOf (where an old unit’s figure goes on today’s units)', () => {
  it('counts a unit whose whole territory lies in the unit read (a commune merged whole, a district in the province)', () => {
    expect(placementOf({ total: 1, inside: 1 })).toBe('counts');
    expect(placementOf({ total: 14, inside: 14 })).toBe('counts');
  });

  it('leaves out a unit whose territory lies elsewhere', () => {
    expect(placementOf({ total: 3, inside: 0 })).toBe('outside');
  });

  it('marks a unit split between the unit read and another, which the reader refuses', () => {
    expect(placementOf({ total: 2, inside: 1 })).toBe('split');
    expect(placementOf({ total: 14, inside: 3 })).toBe('split');
  });

  it('marks a unit that became nothing known as unplaced', () => {
    expect(placementOf({ total: 0, inside: 0 })).toBe('unplaced');
  });
});
