/** Where an old unit's figure lies relative to a unit of today, from the units of today it became. */
export type Placement = 'counts' | 'outside' | 'split' | 'unplaced';

/**
 * What a reporting unit became: the units of today its territory went into (`total`), and how many of
 * those lie in the unit read (`inside`). Read over the hierarchy of the period, a unit "becomes" itself on
 * its anchor day, so `total` is 1.
 */
export interface UnitImage {
  total: number;
  inside: number;
}

/**
 * The rule that places a unit's figure: it counts toward the unit read when everything it became lies
 * inside it, and not at all when nothing does. A unit whose territory went partly inside and partly
 * outside (a split commune, or a district read against one new commune) has no share to attribute by —
 * the mapping records no population or area shares — so the figure is refused rather than guessed, for
 * every aggregation. A unit with no known successor cannot be placed.
 */
export function placementOf(image: UnitImage): Placement {
  if (image.total === 0) return 'unplaced';
  if (image.inside === 0) return 'outside';
  return image.inside === image.total ? 'counts' : 'split';
}
