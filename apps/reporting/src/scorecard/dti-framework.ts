import { frameworkFor as resolveFramework, type ResolvedFramework, type ScoringFramework } from '@dxhub/scoring';
import { readFileSync } from 'node:fs';
import { repoFile } from '../repo-file';

let frameworks: ScoringFramework[] | undefined;

/** seeds/dti-framework.json: the provincial DTI's structure per framework version (reference data). */
export function dtiFrameworks(): ScoringFramework[] {
  frameworks ??= JSON.parse(readFileSync(repoFile('seeds/dti-framework.json'), 'utf8')) as ScoringFramework[];
  return frameworks;
}

/** The framework that scores a year, with every index's points (@dxhub/scoring's rule). */
export function frameworkFor(year: number): ResolvedFramework {
  return resolveFramework(dtiFrameworks(), year);
}

/**
 * The layout of the framework a published score names (with every index's points), or, when it names none this
 * service knows, the one in force for the year.
 */
export function frameworkNamed(code: string | undefined, year: number): ResolvedFramework {
  const named = dtiFrameworks().find((f) => f.framework === code && f.indexes.length > 0 && f.years.length > 0);
  return frameworkFor(named ? named.years[0] : year);
}
