import { Injectable } from '@nestjs/common';
import { AggregatesRepository } from '../aggregates/aggregates.repository';
import { CatalogueRepository, type OrgUnitAt } from './catalogue.repository';
import type { IndicatorDefinition } from './indicator-definition';

/** GSO codes: 2 digits a province, 3 a district-level unit, 5 a commune. */
export function levelOfCode(code: string): number {
  return code.length <= 2 ? 1 : code.length === 3 ? 2 : 3;
}

/** The catalogue and the hierarchy as in force on a date (built only from events). */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly catalogue: CatalogueRepository,
    private readonly aggregates: AggregatesRepository,
  ) {}

  /** Every active indicator's definition in force on `date` (YYYY-MM-DD). */
  definitionsAt(date: string): Promise<Map<string, IndicatorDefinition>> {
    return this.catalogue.definitionsAt(date);
  }

  /**
   * The org units in force on `date` with their parent then. Until the hierarchy has been published,
   * the units the aggregates name stand in (level from the GSO code length, districts under the province).
   */
  async orgUnitsAt(date: string): Promise<OrgUnitAt[]> {
    const units = await this.catalogue.orgUnitsAt(date);
    if (units.length > 0) return units;
    const named = await this.aggregates.unitNames();
    const province = named.find((n) => levelOfCode(n.orgUnitCode) === 1)?.orgUnitCode ?? null;
    return named.map((n) => {
      const level = levelOfCode(n.orgUnitCode);
      return {
        code: n.orgUnitCode,
        nameVi: n.orgUnitName,
        type: '',
        level,
        parentCode: level === 2 ? province : null,
      };
    });
  }
}
