// Lints source text as if it lived at a given path in the workspace, with the workspace's own
// eslint.config.mjs, and prints the messages as JSON: stdin `[{ "filePath", "code" }]`, stdout
// `[{ "filePath", "messages", "rules" }]`, where `rules` is the severity of each workspace rule (dxhub/*) there. Used by module-boundaries.spec.ts, which cannot use the ESLint API
// in-process: Jest's VM refuses the dynamic import() with which ESLint loads an .mjs config.
//
// The files never exist on disk, so the TypeScript project service cannot type them: type-aware parsing is
// switched off for them (typescript-eslint's disableTypeChecked), and so is import/no-cycle, whose
// strongly-connected-components pass reads the linted file from disk and crashes when it is absent.
// @nx/enforce-module-boundaries and the other syntax-level rules run exactly as configured.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const inputs = JSON.parse(readFileSync(0, 'utf8'));

const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfig: [
    { ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] },
    { files: ['**/*.ts'], rules: { 'import/no-cycle': 'off' } },
  ],
});

const results = [];
for (const { filePath, code } of inputs) {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, filePath) });
  const config = await eslint.calculateConfigForFile(join(repoRoot, filePath));
  const rules = Object.fromEntries(
    Object.entries(config?.rules ?? {})
      .filter(([id]) => id.startsWith('dxhub/'))
      .map(([id, entry]) => [id, Array.isArray(entry) ? entry[0] : entry]),
  );
  results.push({ filePath, messages: result.messages, rules });
}
process.stdout.write(JSON.stringify(results));
