import { readFileSync } from 'node:fs';
import { repoFile } from '../read-models/repo-file';

export interface DtiIndex {
  code: string;
  nameVi: string;
  nameEn: string;
  group: string;
  /** Points in the framework; null where the source gives none (DTI-2025: the split was not found). */
  maxPoints: number | null;
  scored?: boolean;
}

export interface DtiPillar {
  code: string;
  nameVi: string;
  nameEn: string;
  indexes: string[];
  maxPoints: number | null;
}

export interface DtiFramework {
  framework: string;
  decision: string;
  years: number[];
  indexes: DtiIndex[];
  pillars: DtiPillar[];
  total: { maxPoints: number; formula: string; inferred: boolean };
}

let frameworks: DtiFramework[] | undefined;

/** seeds/dti-framework.json: the provincial DTI's structure per framework version (reference data). */
export function dtiFrameworks(): DtiFramework[] {
  frameworks ??= JSON.parse(readFileSync(repoFile('seeds/dti-framework.json'), 'utf8')) as DtiFramework[];
  return frameworks;
}

/**
 * The framework that scores a year, with every index's points: a year after the last framework's uses
 * the last; an index without points (DTI-2025) borrows the DTI-2022 points, and `pointsInferred` says so.
 */
export function frameworkFor(year: number): DtiFramework & { pointsInferred: boolean } {
  const all = dtiFrameworks();
  const withIndexes = all.filter((f) => f.indexes.length > 0);
  const chosen =
    withIndexes.find((f) => f.years.includes(year)) ??
    (year > Math.max(...withIndexes.flatMap((f) => f.years)) ? withIndexes[withIndexes.length - 1] : withIndexes[0]);
  const reference = withIndexes.find((f) => f.indexes.every((i) => i.maxPoints !== null));
  let pointsInferred = false;
  const indexes = chosen.indexes.map((i) => {
    if (i.maxPoints !== null) return i;
    pointsInferred = true;
    return { ...i, maxPoints: reference?.indexes.find((r) => r.code === i.code)?.maxPoints ?? 100 };
  });
  return { ...chosen, indexes, pointsInferred };
}
