// After `tsc -p tsconfig.build.json`: make `require('@dxhub/<lib>')` resolve inside dist/ the way the
// tsconfig paths do at compile time, by writing dist/node_modules/@dxhub/<lib>/index.js shims. Then a
// service runs with plain `node dist/apps/<service>/src/main.js`, in a container or here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;

for (const [alias, [source]] of Object.entries(paths)) {
  const shimDir = join(root, 'dist', 'node_modules', alias);
  const compiled = join(root, 'dist', source.replace(/\.ts$/, '.js'));
  mkdirSync(shimDir, { recursive: true });
  writeFileSync(
    join(shimDir, 'index.js'),
    `module.exports = require(${JSON.stringify(relative(shimDir, compiled))});\n`,
  );
}
