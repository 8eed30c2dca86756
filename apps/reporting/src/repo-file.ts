import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A file committed in the repository (a seed, an asset), found by walking up from this module: the
 * same call works from src/ under ts-node/jest and from dist/ after the build, and in the image
 * (which copies seeds/ and apps/reporting/assets/ beside dist/).
 */
export function repoFile(relative: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${relative} not found above ${__dirname}`);
    dir = parent;
  }
}
