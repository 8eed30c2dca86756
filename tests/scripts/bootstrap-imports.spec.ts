import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * `npm start` and `npm test` install the pinned dependencies themselves (npm ci) on a fresh clone. They can
 * only get that far if nothing they load before it needs a dependency: their static imports, all the way
 * down, are Node's own modules and the scripts' own files. A dependency is imported dynamically where used.
 */
const ROOT = join(__dirname, '../..');
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

/** Every package a script loads before it runs, through its static imports, as `file: specifier`. */
function packagesLoadedAtStart(entry: string): string[] {
  const seen = new Set<string>();
  const packages: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (specifier.startsWith('node:')) continue;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else packages.push(`${relative(ROOT, file)}: ${specifier}`);
    }
  };
  visit(join(ROOT, entry));
  return packages;
}

describe('the scripts a fresh clone runs first', () => {
  it.each(['scripts/start-platform.mjs', 'scripts/test.mjs'])(
    '%s loads no dependency before it has installed them',
    (entry) => {
      expect(packagesLoadedAtStart(entry)).toEqual([]);
    },
  );

  it('sees a static import of a dependency (the check itself works)', () => {
    expect(packagesLoadedAtStart('bench/indicators/run.mjs').length).toBeGreaterThan(0);
  });
});
