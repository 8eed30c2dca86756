import { DomainErrorKind, DomainException } from '@dxhub/http';
import { type Period, requirePeriod } from '@dxhub/periods';
import type { CatalogueService, OrgUnitVersion } from './catalogue.service';
import type { CatalogueIndicator } from './indicator-versions';

/** An (indicator, org unit, period) as a reader names it, resolved against the catalogue. */
export interface AggregateAddress {
  /** The indicator as defined on the period's last day. */
  indicator: CatalogueIndicator;
  /** The org unit version in force on the period's last day. */
  orgUnit: OrgUnitVersion;
  period: Period;
}

/** Resolves what a reader names, or answers 404 naming what is unknown (or not in force then). */
export function resolveAggregateAddress(
  catalogue: CatalogueService,
  indicatorCode: string,
  orgUnitCode: string,
  periodId: string,
): AggregateAddress {
  const period = requirePeriod(periodId); // the query DTOs check the notation
  const indicator = catalogue.indicatorOn(indicatorCode, period.end);
  if (!indicator) {
    throw new DomainException(DomainErrorKind.NOT_FOUND, 'INDICATOR_NOT_FOUND', `unknown indicator '${indicatorCode}'`);
  }
  return { indicator, orgUnit: resolveOrgUnitInPeriod(catalogue, orgUnitCode, period), period };
}

/** The org unit version in force on the period's last day, or 404 naming why there is none. */
export function resolveOrgUnitInPeriod(
  catalogue: CatalogueService,
  orgUnitCode: string,
  period: Period,
): OrgUnitVersion {
  const orgUnit = catalogue.orgUnitOn(orgUnitCode, period.end);
  if (!orgUnit) {
    const known = catalogue.orgUnitVersions(orgUnitCode).length > 0;
    throw new DomainException(
      DomainErrorKind.NOT_FOUND,
      'ORG_UNIT_NOT_FOUND',
      known
        ? `org unit '${orgUnitCode}' does not exist on ${period.end} (the end of period ${period.id})`
        : `unknown org unit '${orgUnitCode}'`,
    );
  }
  return orgUnit;
}
