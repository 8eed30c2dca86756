// Lint for the whole workspace (STYLE.md rules 4, 5, 19, 20): type-aware TypeScript rules, Nx module
// boundaries, no import cycles (between files and between an app's feature folders), one clock, no focused or
// skipped tests. Prettier owns formatting, so
// eslint-config-prettier comes last and switches off every stylistic rule.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import js from '@eslint/js';
import { createProjectGraphAsync } from '@nx/devkit';
import { defineConfig, globalIgnores } from 'eslint/config';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import importPlugin from 'eslint-plugin-import';
import jest from 'eslint-plugin-jest';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import dxhub from './tools/lint/plugin.cjs';

const root = dirname(fileURLToPath(import.meta.url));

// @nx/enforce-module-boundaries only reads the project graph cached under .nx/; with no cache (a fresh clone,
// CI) it skips itself with a mere warning, and with a stale one it misses new projects. Computing the graph
// here (in-process: nx.json sets useDaemonProcess false) keeps `eslint` run on its own as strict as
// `nx lint`. It throws rather than exits on a broken workspace, so ESLint fails loudly. Run as an Nx task (a
// project's `lint` target: NX_TASK_TARGET_PROJECT is set), the nx process that started it has just written the graph
// of this very tree, so the two or three seconds of computing it again are saved.
if (!process.env.NX_TASK_TARGET_PROJECT) await createProjectGraphAsync({ exitOnError: false });

const testFiles = ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts'];

/**
 * Tag rules shared by production and test code; `testing` says whether type:testing libs may be imported.
 * Besides apps and libs, the workspace's tests (tests/*, type:test) and tools (tools/, type:tool) are projects:
 * a test may use libs, the testing lib and the tools, never an app's sources (it starts a built service instead,
 * as tests/e2e do); a tool may use libs only.
 */
const depConstraints = ({ testing }) => {
  const libs = ['type:util', 'type:contracts', ...(testing ? ['type:testing'] : [])];
  const scopes = ['tasks', 'indicators', 'notifications', 'reporting'].map((app) => ({
    sourceTag: `scope:${app}`,
    onlyDependOnLibsWithTags: [`scope:${app}`, 'scope:shared'],
  }));
  return [
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: libs },
    { sourceTag: 'type:util', onlyDependOnLibsWithTags: libs },
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: libs },
    { sourceTag: 'type:testing', notDependOnLibsWithTags: ['type:app'] },
    { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:testing', 'type:tool'] },
    { sourceTag: 'type:tool', onlyDependOnLibsWithTags: libs },
    ...scopes,
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ];
};

const moduleBoundaries = ({ testing }) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints: depConstraints({ testing }) },
];

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    'infra/kafka/.lib/',
    'infra/kafka/.data/',
    'tmp/',
    'coverage/',
    '.nx/',
  ]),

  // Plain JavaScript (scripts/*.mjs, tools/**/*.cjs): linted for real mistakes, without type information —
  // these files are outside tsconfig.json, and giving them a typed program would cost more than it finds.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },

  // TypeScript, type-aware through the one root tsconfig.json (it includes apps, libs, tools, tests).
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: root,
        // NestJS reads constructor and @Body()/@Query() parameter types at run time (emitDecoratorMetadata).
        // With both flags set, consistent-type-imports leaves files that contain decorators alone, so
        // `eslint --fix` never turns an injected class or a DTO into a type-only (erased) import.
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
    },
    plugins: { '@nx': nx, import: importPlugin },
    settings: {
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/resolver': { [join(root, 'tools/lint/tsconfig-paths-resolver.cjs')]: {} },
      'import/extensions': ['.ts', '.js'],
      // Never parse node_modules for import/no-cycle: packages cannot import our code back, and walking them
      // took 28 of the 35 s a full lint needed.
      'import/ignore': ['node_modules'],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      '@nx/enforce-module-boundaries': moduleBoundaries({ testing: false }),
      'import/no-cycle': ['error', { ignoreExternal: true }],
    },
  },

  // The web app's browser code (apps/web/client): React, typed through its own tsconfig (DOM, JSX, bundler
  // resolution); the rules of hooks on top of the TypeScript rules.
  {
    files: ['apps/web/client/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, reactHooks.configs.flat.recommended],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      '@nx/enforce-module-boundaries': 'off',
      'import/no-cycle': 'off',
    },
  },

  // Tests and their helpers (a project's test/ folder, e.g. apps/indicators/test/indicators-app.ts) may use the
  // testing lib (factories, test databases, broker helpers); production code may not.
  {
    files: [...testFiles, '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ testing: true }) },
  },
  {
    files: testFiles,
    plugins: { jest },
    languageOptions: { globals: { ...globals.jest } },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
    },
  },

  // Feature folders of an app depend on each other one way (issue 18): a cycle between apps/<app>/src/<folder>/
  // folders fails the lint and is named (tools/lint/feature-folder-cycles.cjs; import/no-cycle sees files only).
  {
    files: ['apps/*/src/**/*.ts'],
    ignores: testFiles,
    plugins: { dxhub },
    rules: { 'dxhub/feature-folder-cycles': 'error' },
  },

  // One clock (issue 18): feature code has the Clock of @dxhub/calendar injected and never reads the wall clock
  // with `new Date()`. Exempt: the Clock itself, migrations (their timestamps are history) and tests.
  {
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: [...testFiles, 'libs/calendar/src/clock.ts', '**/migrations/**', 'libs/testing/**'],
    plugins: { dxhub },
    rules: { 'dxhub/no-new-date': 'error' },
  },

  // kafkajs behind one seam (STYLE.md rule 10): only the messaging lib talks to it, so the rest of the code
  // speaks in topics, records and events, and the client can be swapped in one place.
  {
    files: ['**/*.{ts,js,mjs,cjs}'],
    ignores: ['libs/messaging/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kafkajs', message: 'kafkajs is used only inside libs/messaging: use its API (@dxhub/messaging).' },
          ],
          patterns: [{ group: ['kafkajs/*'], message: 'kafkajs is used only inside libs/messaging.' }],
        },
      ],
    },
  },

  // An agency's own program, shown to agencies: it publishes with a plain Kafka client, as any agency would,
  // and nothing from this repository.
  {
    files: ['examples/**'],
    rules: { 'no-restricted-imports': 'off' },
  },

  prettier,
);
