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
