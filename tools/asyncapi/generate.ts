import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { buildAsyncApiDocument, findWorkspaceRoot } from './asyncapi-document';

/** Where the generated document lives, relative to the workspace root. */
export const ASYNCAPI_FILE = 'docs/asyncapi.yaml';

export const ASYNCAPI_HEADER =
  '# Generated from libs/contracts by tools/asyncapi/generate.ts — do not edit; run `npm run docs:asyncapi`.\n';

/** What to do when the committed file is stale; the CI check and the unit test both say it. */
export const STALE_HINT = `${ASYNCAPI_FILE} is out of date with libs/contracts: run \`npm run docs:asyncapi\` and commit the result`;

/** The document as YAML, exactly as it is written to docs/asyncapi.yaml. */
export function renderAsyncApiYaml(document: object = buildAsyncApiDocument()): string {
  // No anchors/aliases for objects used twice (shared header schemas): the file is read by people.
  return ASYNCAPI_HEADER + stringify(document, { aliasDuplicateObjects: false, lineWidth: 120 });
}

/**
 * Writes docs/asyncapi.yaml, or with `--check` only compares it and returns 1 when it differs.
 * Run as `node dist/tools/asyncapi/generate.js [--check]` after the build.
 */
export function main(args: readonly string[], rootDir: string = findWorkspaceRoot()): number {
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`unknown argument(s) ${unknown.join(' ')}; usage: generate.js [--check]`);
    return 2;
  }
  const path = join(rootDir, ASYNCAPI_FILE);
  const expected = renderAsyncApiYaml(buildAsyncApiDocument({ rootDir }));
  if (args.includes('--check')) {
    const actual = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (actual === expected) {
      console.log(`${ASYNCAPI_FILE} is up to date`);
      return 0;
    }
    console.error(actual === undefined ? `${ASYNCAPI_FILE} is missing: run \`npm run docs:asyncapi\`` : STALE_HINT);
    return 1;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, expected);
  console.log(`wrote ${ASYNCAPI_FILE}`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
