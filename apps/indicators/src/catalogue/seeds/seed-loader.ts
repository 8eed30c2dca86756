import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '@dxhub/calendar';
import type { EntityManager } from 'typeorm';
import { writeCurrentIndicators } from '../indicator-catalogue.repository';
import { definitionProblems, type IndicatorDefinition } from '../indicator-definition';
import { publishReferenceChanges } from '../reference-events';
import { parseCsv } from './csv';
import {
  type AgencySeed,
  keepClosureBefore,
  lockSeeds,
  queueMovedValues,
  rebuildHierarchy,
  upsertAgencies,
  upsertIndicatorVersions,
  upsertOrgUnits,
} from './seed.repository';

/** Org-unit files, each a set of unit versions: `code,name_vi,type,parent_code,valid_from,valid_to`. */
const ORG_UNIT_FILES = [
  'org-units/org-units-tien-giang-ended-2021-2025.csv',
  'org-units/org-units-tien-giang-2025-03.csv',
  'org-units/org-units-dong-thap-2025-07.csv',
];
/** Old → new commune mapping of the 2025 reform (Tiền Giang's units; the old Đồng Tháp's are not seeded). */
const REFORM_MAPPING_FILE = 'org-units/reform-2025-mapping.csv';
/** The day before the reform and the day it took effect. */
const REFORM_EVE = '2025-06-30';
const REFORM_DAY = '2025-07-01';

const LEVEL_BY_TYPE: Record<string, number> = {
  province: 1,
  city: 2,
  town: 2,
  district: 2,
  ward: 3,
  township: 3,
  commune: 3,
};

export interface SeedSummary {
  agencies: number;
  orgUnits: number;
  indicators: number;
  /** Unit versions whose ancestors changed (for some dates) with this load; 0 when the hierarchy is as it was. */
  unitsRemapped: number;
  /** Stored values whose place in the hierarchy moved, queued in pending_hierarchy_changes. */
  valuesMoved: number;
}

/** The reference data under seeds/, read and checked. */
export interface SeedFiles {
  agencies: AgencySeed[];
  indicators: IndicatorDefinition[];
  orgUnits: Record<string, string>[];
  mapping: Record<string, string>[];
}

/** Reads the files under seeds/ and checks them (an invalid definition or org-unit type throws). */
export function readSeeds(seedsDir: string): SeedFiles {
  const agencies = JSON.parse(readFileSync(join(seedsDir, 'agencies.json'), 'utf8')) as AgencySeed[];
  const indicators = JSON.parse(readFileSync(join(seedsDir, 'indicators.json'), 'utf8')) as IndicatorDefinition[];
  const orgUnits = ORG_UNIT_FILES.flatMap((file) => parseCsv(readFileSync(join(seedsDir, file), 'utf8')));
  const mapping = parseCsv(readFileSync(join(seedsDir, REFORM_MAPPING_FILE), 'utf8'));

  const invalid = indicators.flatMap((d) => definitionProblems(d).map((p) => `${d.code}: ${p}`));
  if (invalid.length > 0) throw new Error(`seeds/indicators.json has invalid definitions: ${invalid.join('; ')}`);
  for (const unit of orgUnits) {
    if (!(unit.type in LEVEL_BY_TYPE)) throw new Error(`seeds: org unit ${unit.code} has unknown type '${unit.type}'`);
  }

  return { agencies, indicators, orgUnits, mapping };
}

/**
 * Loads the reference data idempotently, in the caller's transaction: rows already present are updated in
 * place, new ones added, nothing deleted. Takes an advisory lock, so replicas starting together load once.
 */
export async function loadSeeds(m: EntityManager, seeds: SeedFiles, clock: Clock): Promise<SeedSummary> {
  const { agencies, indicators, orgUnits, mapping } = seeds;
  await lockSeeds(m);
  await upsertAgencies(m, agencies);
  await upsertOrgUnits(
    m,
    orgUnits.map((u) => ({ ...u, level: LEVEL_BY_TYPE[u.type] })),
  );
  // Rebuilt on every load (a few thousand rows): a parent changed in the files re-parents the unit even
  // when no unit version is new. What moved is compared with the hierarchy as it was.
  await keepClosureBefore(m);
  await rebuildHierarchy(m, orgUnits, { rows: mapping, oldOn: REFORM_EVE, newOn: REFORM_DAY });
  const moved = await queueMovedValues(m);
  // Each seeded definition is its indicator's first version; the `indicators` row follows the latest version.
  await upsertIndicatorVersions(m, indicators);
  await writeCurrentIndicators(
    m,
    indicators.map((d) => d.code),
  );
  await publishReferenceChanges(m, clock);
  return {
    agencies: agencies.length,
    orgUnits: orgUnits.length,
    indicators: indicators.length,
    unitsRemapped: moved.units,
    valuesMoved: moved.values,
  };
}
