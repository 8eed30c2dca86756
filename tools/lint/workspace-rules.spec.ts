// The workspace's own rules (tools/lint/plugin.cjs) as eslint.config.mjs applies them: `new Date()` fails the lint
// in apps' and libs' sources but not in the Clock, migrations or tests, and the feature-folder cycle rule is on
// (as an error) for apps' sources only. The rules themselves are specified in no-new-date.spec.ts and
// feature-folder-cycles.spec.ts; ESLint runs in a child process as in module-boundaries.spec.ts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { type Linter } from 'eslint';

const repoRoot = join(__dirname, '..', '..');
const NEW_DATE = 'export const now = (): Date => new Date();\n';
const MESSAGE = 'Inject Clock (@dxhub/calendar) instead of new Date()';

const files = {
  appFeature: 'apps/tasks/src/deadlines/deadline.service.ts',
  libSource: 'libs/scoring/src/score.ts',
  clock: 'libs/calendar/src/clock.ts',
  migration: 'apps/tasks/src/database/migrations/1700000000000-Demo.ts',
  unitTest: 'apps/tasks/src/deadlines/deadline.service.spec.ts',
  integrationTest: 'apps/tasks/test/deadlines.integration-spec.ts',
  testingLib: 'libs/testing/src/clock-helpers.ts',
  workspaceTest: 'tests/deploy/dates.spec.ts',
};

let results: Record<keyof typeof files, { messages: Linter.LintMessage[]; rules: Record<string, unknown> }>;

beforeAll(() => {
  const names = Object.keys(files) as (keyof typeof files)[];
  const output = execFileSync(process.execPath, [join(repoRoot, 'tools/lint/lint-virtual-files.mjs')], {
    cwd: repoRoot,
    input: JSON.stringify(names.map((name) => ({ filePath: files[name], code: NEW_DATE }))),
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
    timeout: 50_000,
  });
  const parsed = JSON.parse(output) as { messages: Linter.LintMessage[]; rules: Record<string, unknown> }[];
  results = Object.fromEntries(names.map((name, i) => [name, parsed[i]])) as typeof results;
}, 60_000);

const newDateErrors = (name: keyof typeof files) =>
  results[name].messages.filter((m) => m.ruleId === 'dxhub/no-new-date' && m.severity === 2).map((m) => m.message);

describe('dxhub/no-new-date in eslint.config.mjs', () => {
  it.each(['appFeature', 'libSource'] as const)('refuses new Date() in %s', (name) => {
    expect(newDateErrors(name)).toEqual([MESSAGE]);
  });

  it.each(['clock', 'migration', 'unitTest', 'integrationTest', 'testingLib', 'workspaceTest'] as const)(
    'allows new Date() in %s',
    (name) => {
      expect(newDateErrors(name)).toEqual([]);
    },
  );
});

describe('dxhub/feature-folder-cycles in eslint.config.mjs', () => {
  it('is an error in apps’ sources', () => {
    expect(results.appFeature.rules['dxhub/feature-folder-cycles']).toBe(2);
  });

  it.each(['libSource', 'unitTest', 'integrationTest', 'workspaceTest'] as const)('is off in %s', (name) => {
    expect(results[name].rules['dxhub/feature-folder-cycles']).toBeUndefined();
  });
});
