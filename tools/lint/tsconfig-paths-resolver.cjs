// eslint-plugin-import resolver (interface v2) for this workspace: `@dxhub/<lib>` aliases resolve through the
// `paths` of tsconfig.base.json, everything else through eslint-import-resolver-node with TypeScript
// extensions. It stands in for eslint-import-resolver-typescript, which is not installed; without it
// `import/no-cycle` could not follow an import through a lib's public index.ts.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const nodeResolver = require('eslint-import-resolver-node');

const root = join(__dirname, '..', '..');
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
const aliases = new Map(Object.entries(paths).map(([alias, [target]]) => [alias, join(root, target)]));
const extensions = ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'];

exports.interfaceVersion = 2;

exports.resolve = (source, file, config) => {
  const aliased = aliases.get(source);
  if (aliased) return { found: true, path: aliased };
  return nodeResolver.resolve(source, file, { extensions, ...config });
};
