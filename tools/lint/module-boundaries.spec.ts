// Proves that @nx/enforce-module-boundaries, as configured in eslint.config.mjs, bites (STYLE.md rule 5):
// it must reject app → app imports, lib → app imports and imports against the type:* tags, and accept the
// imports the architecture allows. ESLint itself runs in a child process (see lint-virtual-files.mjs: Jest
// cannot load an .mjs config in-process); the code under test exists only as text at a virtual path.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { type Linter } from 'eslint';

const repoRoot = join(__dirname, '..', '..');
const RULE = '@nx/enforce-module-boundaries';

interface Case {
  name: string;
  filePath: string;
  code: string;
}

const cases: Case[] = [
  {
    name: 'app → other app by relative path',
    filePath: 'apps/reporting/src/x.ts',
    code: "import { AppModule } from '../../indicators/src/app.module';\nexport const x = AppModule;\n",
  },
  {
    name: 'app → other app by absolute (baseUrl) path',
    filePath: 'apps/reporting/src/x.ts',
    code: "import { AppModule } from 'apps/indicators/src/app.module';\nexport const x = AppModule;\n",
  },
  {
    name: 'lib → app',
    filePath: 'libs/contracts/src/x.ts',
    code: "import { AppModule } from '../../../apps/indicators/src/app.module';\nexport const x = AppModule;\n",
  },
  {
    name: 'shared lib → testing lib',
    filePath: 'libs/scoring/src/x.ts',
    code: "import * as testing from '@dxhub/testing';\nexport const x = testing;\n",
  },
  {
    name: 'app production code → testing lib',
    filePath: 'apps/reporting/src/x.ts',
    code: "import * as testing from '@dxhub/testing';\nexport const x = testing;\n",
  },
  {
    name: 'app → contracts (allowed)',
    filePath: 'apps/reporting/src/x.ts',
    code: "import { TOPICS } from '@dxhub/contracts';\nexport const x = TOPICS;\n",
  },
  {
    name: 'app test → testing lib (allowed)',
    filePath: 'apps/reporting/src/x.spec.ts',
    code: "import * as testing from '@dxhub/testing';\nexport const x = testing;\n",
  },
  {
    name: 'workspace test → app source',
    filePath: 'tests/security/x.integration-spec.ts',
    code: "import { AppModule } from '../../apps/indicators/src/app.module';\nexport const x = AppModule;\n",
  },
  {
    name: 'tool → testing lib',
    filePath: 'tools/x.ts',
    code: "import * as testing from '@dxhub/testing';\nexport const x = testing;\n",
  },
  {
    name: 'workspace test → libs, testing lib and tools (allowed)',
    filePath: 'tests/deploy/x.spec.ts',
    code:
      "import { TOPICS } from '@dxhub/contracts';\nimport * as testing from '@dxhub/testing';\n" +
      "import { STRIMZI_DIR } from '@dxhub/tools/strimzi';\nexport const x = [TOPICS, testing, STRIMZI_DIR];\n",
  },
  {
    name: 'app test helper in test/ → testing lib (allowed)',
    filePath: 'apps/reporting/test/x.ts',
    code: "import * as testing from '@dxhub/testing';\nexport const x = testing;\n",
  },
];

let messagesByCase: Map<string, Linter.LintMessage[]>;

beforeAll(() => {
  const output = execFileSync(process.execPath, [join(repoRoot, 'tools/lint/lint-virtual-files.mjs')], {
    cwd: repoRoot,
    input: JSON.stringify(cases.map(({ filePath, code }) => ({ filePath, code }))),
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
    timeout: 50_000,
  });
  const results = JSON.parse(output) as { filePath: string; messages: Linter.LintMessage[] }[];
  messagesByCase = new Map(cases.map((c, i) => [c.name, results[i].messages]));
}, 60_000);

const boundaryErrors = (name: string) =>
  (messagesByCase.get(name) ?? []).filter((m) => m.ruleId === RULE && m.severity === 2);

describe(RULE, () => {
  it('lints the virtual files without parse or config errors', () => {
    for (const [name, messages] of messagesByCase) {
      expect({ name, fatal: messages.filter((m) => m.fatal || m.ruleId === null) }).toEqual({ name, fatal: [] });
    }
  });

  it.each([
    ['app → other app by relative path', /cannot be imported by a relative or absolute path/],
    ['app → other app by absolute (baseUrl) path', /cannot be imported by a relative or absolute path/],
    ['lib → app', /cannot be imported by a relative or absolute path|Imports of apps are forbidden/],
    [
      'shared lib → testing lib',
      /tagged with "type:util" can only depend on libs tagged with "type:util", "type:contracts"/,
    ],
    [
      'app production code → testing lib',
      /tagged with "type:app" can only depend on libs tagged with "type:util", "type:contracts"/,
    ],
    ['workspace test → app source', /cannot be imported by a relative or absolute path|Imports of apps are forbidden/],
    ['tool → testing lib', /tagged with "type:tool" can only depend on libs tagged with "type:util", "type:contracts"/],
  ])('rejects %s', (name, message) => {
    const errors = boundaryErrors(name);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(message);
  });

  it.each([
    'app → contracts (allowed)',
    'app test → testing lib (allowed)',
    'app test helper in test/ → testing lib (allowed)',
    'workspace test → libs, testing lib and tools (allowed)',
  ])('accepts %s', (name) => {
    expect(boundaryErrors(name)).toEqual([]);
  });
});
